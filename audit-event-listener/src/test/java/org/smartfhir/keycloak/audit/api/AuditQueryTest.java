package org.smartfhir.keycloak.audit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditQueryTest {

    private static AuditQuery parse(Map<String, List<String>> params) throws AuditQuery.Invalid {
        return AuditQuery.parse(params);
    }

    @Test
    void readsTheFhirSearchParameters() throws AuditQuery.Invalid {
        AuditQuery q = parse(Map.of("patient", List.of("Patient/pat-1"), "agent", List.of("user-1"), "client", List.of("app"),
                "date", List.of("ge2026-11-01", "lt2026-11-02T12:00:00Z"), "outcome", List.of("8"), "_count", List.of("20"),
                "_offset", List.of("40")));
        assertEquals("pat-1", q.patient());
        assertEquals("user-1", q.agent());
        assertEquals("app", q.client());
        assertEquals(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli(), q.fromMillis());
        assertEquals(Instant.parse("2026-11-02T12:00:00Z").toEpochMilli(), q.toMillis());
        assertEquals(8, q.outcome());
        assertEquals(20, q.count());
        assertEquals(40, q.offset());
    }

    @Test
    void aDayWithoutPrefixIsTheWholeDay() throws AuditQuery.Invalid {
        AuditQuery q = parse(Map.of("date", List.of("2026-11-01")));
        assertEquals(Instant.parse("2026-11-01T00:00:00Z").toEpochMilli(), q.fromMillis());
        assertEquals(Instant.parse("2026-11-01T23:59:59.999Z").toEpochMilli(), q.toMillis());
    }

    @Test
    void nothingGivenMeansTheNewestPage() throws AuditQuery.Invalid {
        AuditQuery q = parse(Map.of());
        assertNull(q.patient());
        assertNull(q.fromMillis());
        assertEquals(AuditQuery.DEFAULT_COUNT, q.count());
        assertEquals(0, q.offset());
    }

    @ParameterizedTest
    @ValueSource(strings = {"date=yesterday", "date=ge2026-13-01", "outcome=3", "_count=0", "_count=501", "_count=x", "_offset=-1",
            "patient=a b", "client=ap\u0000p", "outcome=0,outcome=4"})
    void malformedSearchesAreRefusedNotWidened(String spec) {
        Map<String, List<String>> params = new java.util.HashMap<>();
        for (String pair : spec.split(",")) {
            String[] kv = pair.split("=", 2);
            params.computeIfAbsent(kv[0], k -> new java.util.ArrayList<>()).add(kv[1]);
        }
        assertThrows(AuditQuery.Invalid.class, () -> parse(params));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "pateint", "Patient", "_sort", "date:missing", "patient\u202e"})
    void anUnknownParameterIsRefusedNamingItNeverIgnored(String name) {
        AuditQuery.Invalid refused = assertThrows(AuditQuery.Invalid.class, () -> parse(Map.of(name, List.of("x"))));
        assertTrue(refused.getMessage().startsWith("unknown search parameter '"), refused.getMessage());
        assertTrue(refused.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), "echoed printable: " + refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ge+1000000000-12-31T23:59:59Z", "le-1000000000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z"})
    void aDateBeyondWhatMillisecondsHoldIsAnInvalidRequest(String date) {
        assertThrows(AuditQuery.Invalid.class, () -> parse(Map.of("date", List.of(date))));
    }

    @Test
    void aCursorRoundTripsAndAForgedOneIsRefused() throws AuditQuery.Invalid {
        String next = AuditCursor.after(1_700_000_000_123L, "rec-42").encode();
        AuditQuery q = parse(Map.of("_cursor", List.of(next)));
        assertEquals(new AuditCursor(1_700_000_000_123L, "rec-42"), q.cursor());
        for (String forged : List.of("not base64 !", "bm9jb2xvbg", "OnJlYy0x", "eDpyZWMtMQ")) {
            assertThrows(AuditQuery.Invalid.class, () -> parse(Map.of("_cursor", List.of(forged))), forged);
        }
    }
}
