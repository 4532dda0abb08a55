package org.smartfhir.keycloak.http;

import java.util.Locale;

/**
 * How long a fetched document may be used, from its {@code Cache-Control} header (RFC 9111 §5.2.2). SMART Backend
 * Services (requirement H31) lets a client rotate keys by publishing a new JWKS: caching it beyond what the client
 * allowed would keep a retired — perhaps compromised — key working.
 */
public final class CacheControl {

    private CacheControl() {
    }

    /**
     * @param header          the header value, or {@code null} when absent
     * @param defaultSeconds  the lifetime when the header says nothing about freshness
     * @param maxSeconds      the longest lifetime accepted whatever the header says
     * @return seconds the document may be reused; 0 means fetch again next time
     */
    public static long lifetimeSeconds(String header, long defaultSeconds, long maxSeconds) {
        if (header == null || header.isBlank()) {
            return Math.min(defaultSeconds, maxSeconds);
        }
        Long maxAge = null;
        for (String directive : header.split(",")) {
            String d = directive.trim().toLowerCase(Locale.ROOT);
            if (d.equals("no-store") || d.equals("no-cache") || d.startsWith("no-cache=")) {
                return 0;
            }
            if (d.startsWith("max-age=")) {
                String value = d.substring("max-age=".length()).replace("\"", "");
                Long parsed = parse(value);
                if (parsed == null) {
                    return 0; // RFC 9111 §4.2.1: an invalid max-age makes the response stale
                }
                maxAge = maxAge == null ? parsed : Math.min(maxAge, parsed);
            }
        }
        return maxAge == null ? Math.min(defaultSeconds, maxSeconds) : Math.min(maxAge, maxSeconds);
    }

    private static Long parse(String digits) {
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(digits);
    }
}
