package org.smartfhir.keycloak.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback: the limits hold on the wire, not just in a mock. */
class BoundedGetTest {

    private static HttpServer server;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", exchange -> {
            byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Cache-Control", "max-age=0");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[4096]);
            }
        });
        server.createContext("/drip", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException | IOException e) {
                // the client hung up, as it should
            }
        });
        server.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", base + "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void answersBodyAndHeaders() throws IOException {
        BoundedGet.Answer answer = BoundedGet.fetch(base + "/ok", Map.of("Accept", "application/json"), Duration.ofSeconds(5), 1024);
        assertEquals(200, answer.status());
        assertArrayEquals("{\"keys\":[]}".getBytes(StandardCharsets.UTF_8), answer.body());
        assertEquals("max-age=0", answer.header("cache-control").orElseThrow());
    }

    @Test
    void refusesABodyOverTheCap() {
        BoundedGet.Failure failure = assertThrows(BoundedGet.Failure.class,
                () -> BoundedGet.fetch(base + "/big", Map.of(), Duration.ofSeconds(5), 1024));
        assertTrue(failure.getMessage().contains("larger than 1024"), failure.getMessage());
    }

    @Test
    void cutsOffASlowBodyAtTheDeadline() {
        // The drip takes 5 s in all; without the deadline the fetch would succeed with 50 bytes.
        BoundedGet.Failure failure = assertThrows(BoundedGet.Failure.class,
                () -> BoundedGet.fetch(base + "/drip", Map.of(), Duration.ofMillis(700), 1024 * 1024));
        assertTrue(failure.getMessage().contains("no complete answer"), failure.getMessage());
    }

    @Test
    void doesNotFollowRedirects() throws IOException {
        BoundedGet.Answer answer = BoundedGet.fetch(base + "/redirect", Map.of(), Duration.ofSeconds(5), 1024);
        assertEquals(302, answer.status());
        assertEquals(0, answer.body().length);
    }

    @Test
    void refusesAConnectionThatNobodyAnswers() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThrows(BoundedGet.Failure.class,
                () -> BoundedGet.fetch("http://127.0.0.1:" + closedPort + "/x", Map.of(), Duration.ofSeconds(5), 1024));
    }

    @Test
    void refusesAMalformedUrl() {
        assertThrows(BoundedGet.Failure.class, () -> BoundedGet.fetch("http://bad host/", Map.of(), Duration.ofSeconds(1), 1));
    }
}
