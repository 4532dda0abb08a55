package org.smartfhir.keycloak.launch.style;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StyleDocumentTest {

    private static Optional<String> read(String json) throws IOException {
        return StyleDocument.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFlatDocumentOfPlainValuesIsServedAsWritten() throws IOException {
        assertEquals(Optional.of("{\"color_highlight\":\"#0b5cad\",\"font_family_body\":\"\\\"Red Hat Text\\\", Arial\"}"),
                read("{ \"color_highlight\": \"#0b5cad\", \"font_family_body\": \"\\\"Red Hat Text\\\", Arial\" }"));
    }

    @Test
    void valuesThatWouldBreakOutOfAnAppsCssOrHtmlAreRefused() throws IOException {
        assertTrue(read("{\"color_text\":\"red; background:url(https://evil.example/x)\"}").isEmpty());
        assertTrue(read("{\"color_text\":\"red}body{display:none\"}").isEmpty());
        assertTrue(read("{\"color_text\":\"</style><script>alert(1)</script>\"}").isEmpty());
        assertTrue(read("{\"color_text\":\"\\\\65 xpression\"}").isEmpty());
        assertTrue(read("{\"color_text\":\"red\\u202e\"}").isEmpty(), "a bidi override");
        assertTrue(read("{\"color_text\":\"red\\n\"}").isEmpty());
    }

    @Test
    void anythingButAFlatObjectOfShortStringsIsRefused() throws IOException {
        assertTrue(read("[]").isEmpty());
        assertTrue(read("{}").isEmpty());
        assertTrue(read("not json").isEmpty());
        assertTrue(read("{\"dim_font_size\":16}").isEmpty());
        assertTrue(read("{\"nested\":{\"a\":\"b\"}}").isEmpty());
        assertTrue(read("{\"Bad-Key\":\"x\"}").isEmpty());
        assertTrue(read("{\"font_family_body\":\"" + "a".repeat(StyleDocument.MAX_VALUE + 1) + "\"}").isEmpty());
        assertTrue(read("{\"x\":\"" + "a".repeat(StyleDocument.MAX_BYTES) + "\"}").isEmpty());
    }
}
