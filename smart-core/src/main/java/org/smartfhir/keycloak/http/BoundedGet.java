package org.smartfhir.keycloak.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One outbound GET made while a user or client waits on Keycloak, bounded end to end: the deadline covers connecting,
 * the headers and the whole body (a server that drips its body is cut off and its stream closed), the body is capped,
 * and redirects are never followed (they could lead a bearer token, or a key fetch, somewhere else).
 */
public final class BoundedGet {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** What the server answered. The body is read only for a 200; for other statuses it is empty. */
    public record Answer(int status, Map<String, java.util.List<String>> headers, byte[] body) {

        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }

    /** Why a GET gave no answer; the message names the cause without echoing what the server sent. */
    public static final class Failure extends IOException {
        public Failure(String message) {
            super(message);
        }
    }

    private BoundedGet() {
    }

    /**
     * @param headers  request headers (e.g. Accept, Authorization)
     * @param timeout  the deadline for the whole exchange
     * @param maxBytes the largest body accepted
     */
    public static Answer fetch(String url, Map<String, String> headers, Duration timeout, int maxBytes) throws Failure {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
            headers.forEach(builder::header);
            request = builder.build();
        } catch (IllegalArgumentException e) {
            throw new Failure("invalid URL");
        }
        AtomicReference<InputStream> stream = new AtomicReference<>();
        CompletableFuture<Answer> answer = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApplyAsync(response -> {
                    stream.set(response.body());
                    try (InputStream in = response.body()) {
                        if (response.statusCode() != 200) {
                            return new Answer(response.statusCode(), response.headers().map(), new byte[0]);
                        }
                        byte[] bytes = in.readNBytes(maxBytes + 1);
                        if (bytes.length > maxBytes) {
                            throw new CompletionException(new Failure("answer larger than " + maxBytes + " bytes"));
                        }
                        return new Answer(200, response.headers().map(), bytes);
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                });
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            closeQuietly(stream.get());
            throw new Failure("no complete answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(stream.get());
            throw new Failure("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            throw cause instanceof Failure f ? f : new Failure(cause == null ? "error" : cause.getClass().getSimpleName());
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
