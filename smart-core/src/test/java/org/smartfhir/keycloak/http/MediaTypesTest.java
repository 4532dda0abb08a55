package org.smartfhir.keycloak.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "application/", ";;;", "/", "", " ", "application/json; charset=\"", "application/json;",
        "application/json; charset", "application/json; =x", "a/b/c", "application/json\u0000", "application/jsön",
        "application/json; a=1; a=2", "text/plain; x=\"\u0001\""})
    void refusesMalformedHeaders(String header) {
        assertTrue(MediaTypes.parse(header).isEmpty(), header);
    }

    @Test
    void readsWellFormedHeaders() {
        MediaType json = MediaTypes.parse(" Application/JSON ; Charset=\"utf-8\"").orElseThrow();
        assertEquals("application", json.getType());
        assertEquals("json", json.getSubtype());
        assertEquals("utf-8", json.getParameters().get("charset"));
        assertTrue(json.isCompatible(MediaType.APPLICATION_JSON_TYPE));
        assertEquals("x", MediaTypes.parse("multipart/form-data; boundary=x").orElseThrow().getParameters().get("boundary"));
        assertTrue(MediaTypes.parse("application/x-www-form-urlencoded").isPresent());
        assertEquals("a\"b", MediaTypes.parse("text/plain; q=\"a\\\"b\"").orElseThrow().getParameters().get("q"));
    }
}
