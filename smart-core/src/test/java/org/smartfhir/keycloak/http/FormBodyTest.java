package org.smartfhir.keycloak.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FormBodyTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "token=abc", "token=a%2Bb+c&token_type_hint=access_token", "a=%C3%A9", "a=&&b", "a", "x=%e2%82%ac"})
    void acceptsDecodableForms(String body) {
        assertTrue(FormBody.problem(body.getBytes(StandardCharsets.UTF_8)).isEmpty(), body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"token=%ZZabc", "token=abc%", "token=abc%4", "a=%E2%82", "a=%C3", "a=%FF", "%G0=1"})
    void refusesUndecodableForms(String body) {
        assertTrue(FormBody.problem(body.getBytes(StandardCharsets.UTF_8)).isPresent(), body);
    }

    @Test
    void refusesRawBytesThatAreNotUtf8() {
        assertTrue(FormBody.problem(new byte[] {'a', '=', (byte) 0xC3}).isPresent());
    }

    @Test
    void boundsSizeAndParameterCount() {
        assertTrue(FormBody.problem("a=1&".repeat(FormBody.MAX_PARAMETERS).getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(FormBody.problem("a=1&".repeat(FormBody.MAX_PARAMETERS + 1).getBytes(StandardCharsets.US_ASCII)).isPresent());
        assertTrue(FormBody.problem(new byte[FormBody.MAX_BYTES + 1]).isPresent());
        assertTrue(FormBody.queryProblem("a=" + "b".repeat(FormBody.MAX_QUERY_CHARS)).isPresent());
    }

    @Test
    void reasonsNeverEchoTheInput() {
        String reason = FormBody.problem("token=%ZZsecret-token-value".getBytes(StandardCharsets.US_ASCII)).orElseThrow();
        assertFalse(reason.contains("secret"), reason);
        assertEquals(reason, ErrorDescription.of(reason), "reasons are already valid error descriptions");
    }

    @Test
    void queryStrings() {
        assertTrue(FormBody.queryProblem(null).isEmpty());
        assertTrue(FormBody.queryProblem("date=ge2026-01-01&_count=10").isEmpty());
        assertTrue(FormBody.queryProblem("date=%ZZ").isPresent());
    }
}
