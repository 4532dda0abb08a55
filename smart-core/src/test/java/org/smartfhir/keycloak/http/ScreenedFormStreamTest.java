package org.smartfhir.keycloak.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ScreenedFormStreamTest {

    private static String through(String body) throws IOException {
        try (InputStream in = new ScreenedFormStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aDecodableFormPassesUnchanged() throws IOException {
        assertEquals("token=abc.def.ghi&token_type_hint=access_token", through("token=abc.def.ghi&token_type_hint=access_token"));
        assertEquals("", through(""));
    }

    @Test
    void anUndecodableOrUnboundedFormIsReplacedNeverHandedOn() throws IOException {
        String refused = ScreenedFormStream.REFUSED_PARAMETER + "=1";
        assertEquals(refused, through("token=%ZZeyJsecret"));
        assertEquals(refused, through("token=x&" + "p=1&".repeat(2000)));
        assertEquals(refused, through("token=" + "a".repeat(FormBody.MAX_BYTES)));
    }

    @Test
    void aBodyThatCannotBeReadIsRefused() throws IOException {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        try (InputStream in = new ScreenedFormStream(broken)) {
            assertEquals(ScreenedFormStream.REFUSED_PARAMETER + "=1", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
    }
}
