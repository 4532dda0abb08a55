package org.smartfhir.keycloak.audit.record;

import java.util.Locale;

/**
 * Which Keycloak events become audit records. Everything does, with one default exception: a successful token
 * introspection. A FHIR server may introspect on every API call; it audits those accesses itself (BALP's read and
 * query patterns name the token's user and client), so recording each lookup again here would add a database write
 * to every call and millions of rows a day to a six-year trail without recording any new disclosure. Failed
 * introspections (a probed or stolen token) are always recorded. Option {@code introspection}: {@code failures}
 * (default) or {@code all}; any other value refuses to start rather than guess.
 */
public enum RecordingPolicy {
    INTROSPECTION_FAILURES_ONLY,
    EVERYTHING;

    public static final String OPTION = "introspection";

    public static RecordingPolicy parse(String value) {
        if (value == null || value.isBlank()) {
            return INTROSPECTION_FAILURES_ONLY;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "failures" -> INTROSPECTION_FAILURES_ONLY;
            case "all" -> EVERYTHING;
            default -> throw new IllegalArgumentException("smart-audit-listener option " + OPTION
                    + " must be 'failures' or 'all'");
        };
    }

    /** Whether an event of {@code type} ({@code null} for admin events) with or without an error is recorded. */
    public boolean records(String type, boolean failed) {
        return this == EVERYTHING || failed || !"INTROSPECT_TOKEN".equals(type);
    }
}
