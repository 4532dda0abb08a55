package org.smartfhir.keycloak.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssertionShapeTest {

    private static final String CLAIMS = "{\"iss\":\"c\",\"sub\":\"c\",\"aud\":\"t\",\"exp\":1,\"jti\":\"j-1\"}";

    private static String jws(String header, String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void anOrdinaryAssertionIsLeftToKeycloak() {
        assertTrue(AssertionShape.problem(jws("{\"alg\":\"RS384\",\"kid\":\"k-1\",\"typ\":\"JWT\"}", CLAIMS)).isEmpty());
        assertTrue(AssertionShape.problem(jws("{\"alg\":\"ES384\"}", "{\"iss\":\"c\"}")).isEmpty(), "missing claims are Keycloak's to refuse");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "\"x\"", "1", "{}", "{\"alg\":null}", "{\"alg\":1}",
        "{\"alg\":\"RS384\",\"crit\":[\"exp\"]}", "{\"alg\":\"RS384\",\"b64\":false,\"crit\":[\"b64\"]}", "{\"alg\":\"RS384\",\"b64\":true}",
        "{\"alg\":\"RS384\",\"kid\":null}", "{\"alg\":\"RS384\",\"kid\":1}", "{\"alg\":\"RS384\",\"kid\":\"a\\r\\nb\"}",
        "{\"alg\":\"RS384\",\"kid\":\"a\\u2028b\"}", "{\"alg\":\"RS384\",\"kid\":\"a\\u202eb\"}", "{\"alg\":\"RS384\",\"kid\":\"a\\u0085b\"}"})
    void refusesHeadersKeycloakMishandles(String header) {
        assertTrue(AssertionShape.problem(jws(header, CLAIMS)).isPresent(), header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "{\"jti\":\"\"}", "{\"jti\":\" \"}", "{\"jti\":1}", "{\"jti\":\"a\\nb\"}",
        "{\"sub\":\"c\\r\\nforged\"}", "{\"iss\":[\"c\"]}"})
    void refusesPayloadsKeycloakMishandles(String claims) {
        assertTrue(AssertionShape.problem(jws("{\"alg\":\"RS384\"}", claims)).isPresent(), claims);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "a.b.c.d.e", "", "..", "!!.e30.x", "eyJhbGciOiJSUzM4NCJ9..sig"})
    void refusesWhatIsNotACompactJws(String compact) {
        assertTrue(AssertionShape.problem(compact).isPresent(), compact);
    }

    @Test
    void theReasonNeverCarriesTheValue() {
        String reason = AssertionShape.problem(jws("{\"alg\":\"RS384\",\"kid\":\"secret\\nvalue\"}", CLAIMS)).orElseThrow();
        assertFalse(reason.contains("secret"), reason);
        assertEquals("client assertion header kid must be a string of printable characters", reason);
    }
}
