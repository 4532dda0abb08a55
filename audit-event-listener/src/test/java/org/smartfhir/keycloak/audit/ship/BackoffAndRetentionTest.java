package org.smartfhir.keycloak.audit.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BackoffAndRetentionTest {

    @Test
    void backoffDoublesFromTheFirstDelayUpToTheCap() {
        Backoff backoff = new Backoff(1000, 60_000);
        assertEquals(0, backoff.delayMillis(0));
        assertEquals(1000, backoff.delayMillis(1));
        assertEquals(2000, backoff.delayMillis(2));
        assertEquals(32_000, backoff.delayMillis(6));
        assertEquals(60_000, backoff.delayMillis(7));
        assertEquals(60_000, backoff.delayMillis(Integer.MAX_VALUE), "no overflow after many failures");
        assertThrows(IllegalArgumentException.class, () -> new Backoff(5000, 1000));
    }

    @Test
    void retentionDefaultsToSixCalendarYears() {
        Retention retention = Retention.parse(null);
        assertEquals(Optional.of(Instant.parse("2020-03-01T00:00:00Z")), retention.cutoff(Instant.parse("2026-03-01T00:00:00Z")),
                "six calendar years back, not 6 x 365 days (which would end two leap days later)");
        assertEquals("P6Y", retention.toString());
        assertTrue(retention.problem().isEmpty());
    }

    @Test
    void retentionTakesPeriodsAndDurations() {
        Instant now = Instant.parse("2026-11-24T00:00:00Z");
        assertEquals(Optional.of(Instant.parse("2026-11-23T23:59:30Z")), Retention.parse("PT30S").cutoff(now));
        assertEquals(Optional.of(Instant.parse("2026-11-14T00:00:00Z")), Retention.parse("p10d").cutoff(now));
        assertEquals(Optional.empty(), Retention.parse("forever").cutoff(now));
    }

    @Test
    void anUnreadableRetentionKeepsEverythingAndSaysWhy() {
        Instant now = Instant.parse("2026-11-24T00:00:00Z");
        for (String bad : new String[] {"6 years", "P-1Y", "PT0S", "P0D", "PT-5S"}) {
            Retention retention = Retention.parse(bad);
            assertEquals(Optional.empty(), retention.cutoff(now), bad);
            assertTrue(retention.problem().orElseThrow().contains("kept forever"), bad);
        }
    }

    @Test
    void settingsNameTheOptionThatCannotBeRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShippingSettings.read(k -> k.equals("backoffMaxMillis") ? "lots" : null));
        assertTrue(e.getMessage().contains("backoff-max-millis"), e.getMessage());
        IllegalArgumentException http = assertThrows(IllegalArgumentException.class,
                () -> ShippingSettings.read(k -> k.equals("fhirUrl") ? "http://fhir.example.org/fhir" : null));
        assertTrue(http.getMessage().contains("https"), http.getMessage());
        ShippingSettings defaults = ShippingSettings.read(k -> null);
        assertTrue(defaults.sinks().isEmpty());
        assertEquals(6514, defaults.syslogPort());
        assertEquals("P6Y", defaults.retention().toString());
        ShippingSettings all = ShippingSettings.read(k -> switch (k) {
            case "filePath" -> "/var/log/keycloak/audit.jsonl";
            case "syslogHost" -> "arr.hospital.example";
            case "fhirUrl" -> "https://fhir.hospital.example/fhir";
            default -> null;
        });
        assertEquals(java.util.List.of("file", "syslog", "fhir"), all.sinks());
    }
}
