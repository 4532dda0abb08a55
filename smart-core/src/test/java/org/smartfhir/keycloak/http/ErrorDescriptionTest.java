package org.smartfhir.keycloak.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorDescriptionTest {

    @Test
    void keepsRfc6749Characters() {
        assertEquals("scope patient/*.rs is not allowed: [a-z] {x} ~!", ErrorDescription.of("scope patient/*.rs is not allowed: [a-z] {x} ~!"));
    }

    @Test
    void replacesQuotesBackslashesControlsAndNonAscii() {
        assertEquals("a?b?c?d?e?f?", ErrorDescription.of("a\"b\\c\nd\u00e9e\u202ef\uD83D\uDE00"));
    }

    @Test
    void boundsTheLength() {
        String clean = ErrorDescription.of("x".repeat(10_000));
        assertEquals(ErrorDescription.MAX_LENGTH + 3, clean.length());
        assertTrue(clean.endsWith("..."));
        assertNull(ErrorDescription.of(null));
    }
}
