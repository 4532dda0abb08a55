package org.smartfhir.keycloak.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A client's key server: a real HTTP server on a free loopback port publishing JWK Sets, one per path, each with the
 * Cache-Control header the test chooses, and counting how often Keycloak fetched it. {@code /slow} answers only after
 * ten seconds, {@code /garbage} with something that is not a JWK Set, any unknown path with 404.
 */
public final class JwksServer implements AutoCloseable {

    private record Published(String jwks, String cacheControl) {
    }

    private final HttpServer server;
    private final Map<String, Published> published = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();

    public JwksServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            fetches.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            try (exchange) {
                if (path.equals("/slow")) {
                    sleep(10_000);
                }
                Published answer = published.get(path);
                if (path.equals("/garbage")) {
                    answer = new Published("<html>not keys</html>", null);
                }
                if (answer == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = answer.jwks().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                if (answer.cacheControl() != null) {
                    exchange.getResponseHeaders().add("Cache-Control", answer.cacheControl());
                }
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (IOException e) {
                // Keycloak hung up (the slow path); nothing to answer
            }
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "jwks-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** Publishes (or replaces) the JWK Set at {@code path}. */
    public void publish(String path, String jwks, String cacheControl) {
        published.put(path, new Published(jwks, cacheControl));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public int fetches(String path) {
        AtomicInteger count = fetches.get(path);
        return count == null ? 0 : count.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
