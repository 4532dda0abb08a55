package org.smartfhir.keycloak.launch.picker;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.smartfhir.keycloak.http.BoundedGet;

/**
 * Searches the picker's FHIR server. Bounded in every direction, because it runs inside a login: connect and
 * response timeouts, a response size cap, no redirects (which could lead the bearer token elsewhere), and paging links
 * followed only when they point back into the configured base URL.
 */
final class FhirSearchClient {

    static final int MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

    private final String base;
    private final Duration timeout;

    FhirSearchClient(String base, Duration timeout) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.timeout = timeout;
    }

    String base() {
        return base;
    }

    SearchPage patients(String name, int count, String bearer) throws IOException {
        return FhirBundleReader.patients(get(base + "/Patient?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "&_count=" + count, bearer));
    }

    SearchPage encounters(String patientId, int count, String bearer) throws IOException {
        return FhirBundleReader.encounters(get(base + "/Encounter?patient=" + URLEncoder.encode(patientId, StandardCharsets.UTF_8)
                + "&_count=" + count + "&_sort=-date", bearer));
    }

    /** A {@code next} link of an earlier answer; refused unless it stays under the base URL. */
    SearchPage next(String url, boolean patients, String bearer) throws IOException {
        if (!withinBase(url)) {
            throw new FhirUnavailableException("paging link outside the FHIR base");
        }
        byte[] body = get(url, bearer);
        return patients ? FhirBundleReader.patients(body) : FhirBundleReader.encounters(body);
    }

    boolean withinBase(String url) {
        if (url == null || url.length() > 4096 || !(url.startsWith(base + "?") || url.startsWith(base + "/"))) {
            return false;
        }
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        // No way back out of the base: neither literal nor percent-encoded dot segments, slashes or backslashes.
        return !lower.contains("..") && !lower.contains("%2e") && !lower.contains("%2f") && !lower.contains("%5c")
                && !lower.contains("\\") && !lower.contains("@");
    }

    /** One GET, bounded end to end (see {@link BoundedGet}), its body capped at {@value #MAX_RESPONSE_BYTES} bytes. */
    private byte[] get(String url, String bearer) throws IOException {
        BoundedGet.Answer answer;
        try {
            answer = BoundedGet.fetch(url, Map.of("Accept", "application/fhir+json", "Authorization", "Bearer " + bearer),
                    timeout, MAX_RESPONSE_BYTES);
        } catch (BoundedGet.Failure e) {
            throw new FhirUnavailableException("FHIR server: " + e.getMessage());
        }
        if (answer.status() != 200) {
            throw new FhirUnavailableException("FHIR server answered " + answer.status());
        }
        return answer.body();
    }
}
