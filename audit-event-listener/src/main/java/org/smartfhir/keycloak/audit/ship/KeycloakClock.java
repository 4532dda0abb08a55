package org.smartfhir.keycloak.audit.ship;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.keycloak.common.util.Time;

/**
 * Keycloak's own clock ({@link Time}, which the server's expiry checks read, offset and all) as a {@link Clock} for the
 * sinks, so that a sink's rotation and confirmation delays and the shipper's backoff and retention read one time source.
 */
final class KeycloakClock extends Clock {

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? this : Clock.fixed(instant(), zone);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(Time.currentTimeMillis());
    }
}
