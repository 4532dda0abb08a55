package org.smartfhir.keycloak.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Requests exactly as written, header values and body bytes unchanged: REST Assured parses and normalizes a
 * {@code Content-Type}, so a malformed one could never reach the server through it.
 */
public final class RawHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private RawHttp() {
    }

    /** {@code body} null sends none; header names Java's client reserves (Host, Content-Length, …) are not allowed. */
    public static HttpResponse<String> send(String method, String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A status and body read from a raw socket exchange. */
    public record Answer(int status, String body) {
    }

    /**
     * One HTTP/1.1 exchange over a plain socket, for what {@link java.net.URI} refuses to carry: {@code target} (path and
     * query) and header values go on the wire byte for byte, e.g. {@code %ZZ} in a query string.
     */
    public static Answer socket(String baseUrl, String method, String target, Map<String, String> headers, byte[] body) {
        URI base = URI.create(baseUrl);
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                    + base.getPort() + "\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            request.write(head.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            if (body != null) {
                request.write(body);
            }
            socket.getOutputStream().write(request.toByteArray());
            socket.getOutputStream().flush();
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, java.nio.charset.StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || split < 0) {
                throw new IllegalStateException(method + " " + target + ": not an HTTP answer: " + text);
            }
            String responseHead = text.substring(0, split).toLowerCase(java.util.Locale.ROOT);
            String responseBody = text.substring(split + 4);
            if (responseHead.contains("transfer-encoding: chunked")) {
                responseBody = unchunk(responseBody);
            }
            return new Answer(Integer.parseInt(text.substring(9, 12)), responseBody);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + target + ": " + e, e);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int eol = chunked.indexOf("\r\n", at);
            if (eol < 0) {
                break;
            }
            int size;
            try {
                size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
            } catch (NumberFormatException e) {
                // A chunk of multi-byte characters: its byte count overran this char-based walk; keep what was read.
                body.append(chunked, at, chunked.length());
                break;
            }
            if (size == 0) {
                break;
            }
            // Sizes count bytes; the bodies here are ASCII JSON or HTML, where bytes and chars agree.
            body.append(chunked, eol + 2, Math.min(chunked.length(), eol + 2 + size));
            at = eol + 2 + size + 2;
        }
        return body.toString();
    }

    public static HttpResponse<String> post(String url, Map<String, String> headers, String body) {
        return send("POST", url, headers, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
