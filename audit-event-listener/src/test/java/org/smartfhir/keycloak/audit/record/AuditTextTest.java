package org.smartfhir.keycloak.audit.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuditTextTest {

    @Test
    void aNewlineCannotForgeASecondLogLine() {
        assertEquals("aliceINFO forged", AuditText.clean("alice\r\nINFO forged"));
        assertEquals("tabbed", AuditText.clean("tab\tbed"));
    }

    @Test
    void bidiOverridesAndInvisibleCharactersAreRemoved() {
        assertEquals("Injectiontxt.exe", AuditText.clean("Injection\u202Etxt.exe"));
        assertEquals("admin", AuditText.clean("ad\u200Bmin\uFEFF"));
        assertEquals("ab", AuditText.clean("a\u2066b\u2069"));
    }

    @Test
    void unicodeIsNormalizedSoLookalikeSpellingsCompareEqual() {
        assertEquals("\u00e9", AuditText.clean("e\u0301"));
    }

    @Test
    void somethingThatLooksLikeAJwtNeverReachesTheTrail() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXZhbHVl";
        String cleaned = AuditText.clean("reason with " + jwt + " inside");
        assertFalse(cleaned.contains("eyJ"), cleaned);
        assertTrue(cleaned.contains("[redacted-jwt]"));
    }

    @Test
    void longValuesAreBoundedWithAnEllipsis() {
        String cleaned = AuditText.clean("x".repeat(10_000), 20);
        assertEquals(20, cleaned.length());
        assertTrue(cleaned.endsWith("…"));
        assertEquals(20, AuditText.clean("\uD83D\uDE00".repeat(50), 20).codePointCount(0, AuditText.clean("\uD83D\uDE00".repeat(50), 20).length()),
                "counts code points, never splits a surrogate pair");
    }

    @Test
    void nullStaysNull() {
        assertNull(AuditText.clean(null));
    }
}
