package org.smartfhir.keycloak.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class AssertionRulesTest {

    private static final long NOW = 1_800_000_000L;

    @Test
    void smartTypicalAssertionsPass() {
        assertEquals(Optional.empty(), AssertionRules.check("JWT", null, NOW + 240, NOW, null));
        assertEquals(Optional.empty(), AssertionRules.check(null, null, NOW + 300, NOW, null), "typ is optional");
        assertEquals(Optional.empty(), AssertionRules.check("jwt", "https://app.example.org/jwks", NOW + 60, NOW,
                "https://app.example.org/jwks"), "jku equal to the registered URL");
        assertEquals(Optional.empty(), AssertionRules.check("JWT", null, null, NOW, null), "a missing exp is Keycloak's to refuse");
    }

    @Test
    void smartRulesRefuse() {
        assertTrue(AssertionRules.check("JWT", null, NOW + 3600, NOW, null).orElseThrow().contains("5 minutes"));
        assertTrue(AssertionRules.check("JWT", null, NOW + 316, NOW, null).isPresent(), "beyond the clock skew");
        assertTrue(AssertionRules.check("at+jwt", null, NOW + 60, NOW, null).orElseThrow().contains("typ"));
        assertTrue(AssertionRules.check("JWT", "https://evil.example/jwks", NOW + 60, NOW, "https://app.example.org/jwks")
                .orElseThrow().contains("jku"));
        assertTrue(AssertionRules.check("JWT", "https://app.example.org/jwks", NOW + 60, NOW, null).isPresent(),
                "any jku for a client with inline keys");
        assertTrue(AssertionRules.check("JWT", 42, NOW + 60, NOW, "42").isPresent(), "a non-string jku");
    }
}
