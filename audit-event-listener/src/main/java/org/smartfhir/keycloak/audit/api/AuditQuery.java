package org.smartfhir.keycloak.audit.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.smartfhir.keycloak.http.ErrorDescription;

/**
 * The search a compliance officer may run, read from FHIR AuditEvent search parameters: {@code patient},
 * {@code agent} (user id), {@code client}, {@code date} (with {@code ge}, {@code gt}, {@code le}, {@code lt}
 * prefixes; a date or an instant; repeatable for a range), {@code outcome}, {@code _count} (at most
 * {@value #MAX_COUNT}), {@code _cursor} (where the previous page ended, as its {@code next} link says) and
 * {@code _offset}. Anything malformed or unknown is refused rather than ignored (FHIR R4 §3.1.1.5.7 lets a server
 * refuse parameters it does not support): a search silently widened by a typo ({@code pateint=x}) would show a
 * compliance officer records they did not ask for, or hide the ones they did.
 */
public record AuditQuery(String patient, String agent, String client, Long fromMillis, Long toMillis, Integer outcome,
                         int count, int offset, AuditCursor cursor) {

    public static final int DEFAULT_COUNT = 50;
    public static final int MAX_COUNT = 500;
    static final Set<String> PARAMETERS = Set.of("patient", "agent", "client", "date", "outcome", "_count", "_offset",
            AuditCursor.PARAMETER);

    /** A search parameter that cannot be read. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    /** Reads the query's parameters (name to values, as JAX-RS gives them). */
    public static AuditQuery parse(Map<String, List<String>> params) throws Invalid {
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new Invalid("unknown search parameter '" + printable(name) + "'; known are "
                        + PARAMETERS.stream().sorted().toList());
            }
        }
        try {
            return read(params);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new Invalid(e instanceof ArithmeticException ? "date is out of range" : e.getMessage());
        }
    }

    private static AuditQuery read(Map<String, List<String>> params) throws Invalid {
        Long from = null;
        Long to = null;
        for (String date : list(params, "date")) {
            String prefix = date.length() > 2 ? date.substring(0, 2) : "";
            String value = List.of("ge", "gt", "le", "lt", "eq").contains(prefix) ? date.substring(2) : date;
            Instant[] range = range(value);
            switch (prefix) {
                case "ge", "gt" -> from = max(from, range[prefix.equals("gt") ? 1 : 0].toEpochMilli());
                case "le", "lt" -> to = min(to, range[prefix.equals("lt") ? 0 : 1].toEpochMilli());
                default -> {
                    from = max(from, range[0].toEpochMilli());
                    to = min(to, range[1].toEpochMilli());
                }
            }
        }
        Integer outcome = single(params, "outcome").map(AuditQuery::outcome).orElse(null);
        int count = single(params, "_count").map(v -> integer(v, "_count")).orElse(DEFAULT_COUNT);
        int offset = single(params, "_offset").map(v -> integer(v, "_offset")).orElse(0);
        if (count < 1 || count > MAX_COUNT) {
            throw new Invalid("_count must be 1 to " + MAX_COUNT);
        }
        if (offset < 0) {
            throw new Invalid("_offset must not be negative");
        }
        AuditCursor cursor = single(params, AuditCursor.PARAMETER).map(AuditCursor::parse).orElse(null);
        return new AuditQuery(id(params, "patient"), id(params, "agent"), id(params, "client"), from, to, outcome, count,
                offset, cursor);
    }

    private static Instant[] range(String value) throws Invalid {
        try {
            if (value.length() == 10) {
                Instant start = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                return new Instant[] {start, start.plusSeconds(86_400).minusMillis(1)};
            }
            Instant at = Instant.parse(value);
            return new Instant[] {at, at};
        } catch (DateTimeParseException e) {
            throw new Invalid("date must be YYYY-MM-DD or an ISO-8601 instant, optionally prefixed ge, gt, le or lt");
        }
    }

    private static List<String> list(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null ? List.of() : values;
    }

    private static Optional<String> single(Map<String, List<String>> params, String name) throws Invalid {
        List<String> values = list(params, name);
        if (values.size() > 1) {
            throw new Invalid(name + " may be given once");
        }
        return values.isEmpty() || values.get(0).isBlank() ? Optional.empty() : Optional.of(values.get(0).trim());
    }

    /** Ids and client ids: printable, bounded; a FHIR reference like {@code Patient/123} is reduced to its id. */
    private static String id(Map<String, List<String>> params, String name) throws Invalid {
        Optional<String> value = single(params, name);
        if (value.isEmpty()) {
            return null;
        }
        String v = value.get();
        if (name.equals("patient") && v.startsWith("Patient/")) {
            v = v.substring("Patient/".length());
        }
        if (v.length() > 255 || !v.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new Invalid(name + " must be a printable id of at most 255 characters");
        }
        return v;
    }

    private static Integer outcome(String value) {
        return switch (value) {
            case "0", "4", "8", "12" -> Integer.valueOf(value);
            default -> throw new IllegalArgumentException("outcome must be 0, 4, 8 or 12");
        };
    }

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number");
        }
    }

    /** A parameter name fit to echo in an error: RFC 6749 §5.2's characters only, at most 64 characters. */
    private static String printable(String name) {
        String clean = ErrorDescription.of(name.replace('\'', '?'));
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }

    private static Long max(Long a, long b) {
        return a == null ? b : Math.max(a, b);
    }

    private static Long min(Long a, long b) {
        return a == null ? b : Math.min(a, b);
    }
}
