package org.smartfhir.keycloak.audit.ship;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * How long audit records are kept before they may be purged. HIPAA §164.316(b)(2)(i) asks for six years, so that is the
 * default ({@code P6Y}); the setting is an ISO-8601 period ({@code P6Y}, {@code P2190D}) or duration ({@code PT30S}, for
 * tests), or {@code forever}. A value that cannot be read keeps records forever: a typo must never shorten retention.
 */
public final class Retention {

    public static final String DEFAULT = "P6Y";

    private final Period period;
    private final Duration duration;
    private final String problem;

    private Retention(Period period, Duration duration, String problem) {
        this.period = period;
        this.duration = duration;
        this.problem = problem;
    }

    public static Retention parse(String value) {
        String text = value == null || value.isBlank() ? DEFAULT : value.trim().toUpperCase(Locale.ROOT);
        if (text.equals("FOREVER")) {
            return new Retention(null, null, null);
        }
        try {
            if (text.contains("T")) {
                Duration d = Duration.parse(text);
                return d.isNegative() || d.isZero() ? invalid(value) : new Retention(null, d, null);
            }
            Period p = Period.parse(text);
            return p.isNegative() || p.isZero() ? invalid(value) : new Retention(p, null, null);
        } catch (DateTimeParseException e) {
            return invalid(value);
        }
    }

    private static Retention invalid(String value) {
        return new Retention(null, null, "retention '" + value + "' is not a positive ISO-8601 period or duration; "
                + "audit records are kept forever until it is fixed");
    }

    /** Records created before this instant may be purged (once shipped); empty when nothing may be purged. */
    public Optional<Instant> cutoff(Instant now) {
        if (duration != null) {
            return Optional.of(now.minus(duration));
        }
        if (period != null) {
            return Optional.of(now.atOffset(ZoneOffset.UTC).minus(period).toInstant());
        }
        return Optional.empty();
    }

    /** Why the configured value was not used, if it was not. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public String toString() {
        return period != null ? period.toString() : duration != null ? duration.toString() : "forever";
    }
}
