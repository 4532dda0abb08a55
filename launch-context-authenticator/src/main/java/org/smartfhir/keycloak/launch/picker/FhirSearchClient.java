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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

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
        if (url == null || url.length() > 4096 || !(url.startsWith(base + "?") || url.startsWith(base + "/"))) {
            return false;
        }
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        // No way back out of the base: neither literal nor percent-encoded dot segments, slashes or backslashes.
        return !lower.contains("..") && !lower.contains("%2e") && !lower.contains("%2f") && !lower.contains("%5c")
                && !lower.contains("\\") && !lower.contains("@");
    }

    /**
     * One GET, bounded end to end: the timeout covers connecting, the headers and the whole body (a server that drips
     * its body slowly is cut off and its stream closed), and the body is capped at {@value #MAX_RESPONSE_BYTES} bytes.
     */
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
        AtomicReference<InputStream> stream = new AtomicReference<>();
        CompletableFuture<byte[]> body = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApplyAsync(response -> {
                    stream.set(response.body());
                    try (InputStream in = response.body()) {
                        if (response.statusCode() != 200) {
                            throw new CompletionException(new FhirUnavailableException("FHIR server answered " + response.statusCode()));
                        }
                        byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                        if (bytes.length > MAX_RESPONSE_BYTES) {
                            throw new CompletionException(new FhirUnavailableException("FHIR answer larger than " + MAX_RESPONSE_BYTES + " bytes"));
                        }
                        return bytes;
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                });
        try {
            return body.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            body.cancel(true);
            closeQuietly(stream.get());
            throw new FhirUnavailableException("no complete answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(stream.get());
            throw new FhirUnavailableException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            throw cause instanceof FhirUnavailableException f ? f
                    : new FhirUnavailableException(cause == null ? "error" : cause.getClass().getSimpleName());
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // already failing; the stream is abandoned either way
            }
        }
    }
}
