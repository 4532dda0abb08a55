package org.smartfhir.keycloak.launch.picker;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Searches the picker's FHIR server. Bounded in every direction, because it runs inside a login: connect and
 * response timeouts, a response size cap, no redirects (which could lead the bearer token elsewhere), and paging links
 * followed only when they point back into the configured base URL.
 */
final class FhirSearchClient {

    static final int MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

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
        return url != null && (url.startsWith(base + "?") || url.startsWith(base + "/")) && !url.contains("..")
                && url.length() <= 4096;
    }

    private byte[] get(String url, String bearer) throws IOException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET()
                    .header("Accept", "application/fhir+json")
                    .header("Authorization", "Bearer " + bearer)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new FhirUnavailableException("invalid FHIR URL");
        }
        try {
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new FhirUnavailableException("FHIR server answered " + response.statusCode());
                }
                byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (body.length > MAX_RESPONSE_BYTES) {
                    throw new FhirUnavailableException("FHIR answer larger than " + MAX_RESPONSE_BYTES + " bytes");
                }
                return body;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FhirUnavailableException("interrupted");
        } catch (FhirUnavailableException e) {
            throw e;
        } catch (IOException e) {
            throw new FhirUnavailableException(e.getClass().getSimpleName());
        }
    }
}
