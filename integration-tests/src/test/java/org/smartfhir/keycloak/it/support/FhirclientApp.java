package org.smartfhir.keycloak.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A SMART app written with the official SMART JavaScript client (npm {@code fhirclient}, its browser build from
 * {@code node_modules}), served from a loopback HTTP server: {@code launch.html} calls
 * {@code FHIR.oauth2.authorize({clientId, scope, redirectUri, iss})} and {@code index.html} {@code FHIR.oauth2.ready()},
 * as fhirclient's documentation shows (pages in {@code src/test/resources/fhirclient-app/}). {@link #configure} sets
 * the client id, scope and (for a standalone launch) {@code iss} that {@code config.js} hands the launch page.
 */
public final class FhirclientApp implements AutoCloseable {

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8");

    private final HttpServer server;
    private final byte[] library;
    private volatile byte[] config = "window.APP = {};".getBytes(StandardCharsets.UTF_8);

    public FhirclientApp() {
        Path build = NodeClients.module("fhirclient/build/fhir-client.js");
        try {
            library = Files.readAllBytes(build);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.start();
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where the app is launched: standalone as is, an EHR adds {@code ?iss=…&launch=…}. */
    public String launchUrl() {
        return origin() + "/launch.html";
    }

    /** fhirclient resolves {@code redirectUri: "index.html"} against the launch page. */
    public String redirectUri() {
        return origin() + "/index.html";
    }

    /** The redirect URI as registered: loopback without the port, which RFC 8252 §7.3 (and Keycloak) lets vary. */
    public static String registeredRedirectUri() {
        return "http://127.0.0.1/index.html";
    }

    /** The settings the next launch uses; {@code iss} null for an EHR launch (fhirclient then reads it from the URL). */
    public void configure(String clientId, String scope, String iss) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("clientId", clientId);
        settings.put("scope", scope);
        if (iss != null) {
            settings.put("iss", iss);
        }
        try {
            config = ("window.APP = " + new ObjectMapper().writeValueAsString(settings) + ";").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            if (path.equals("/fhir-client.js")) {
                body = library;
            } else if (path.equals("/config.js")) {
                body = config;
            } else if (path.matches("/(launch\\.html|index\\.html|app\\.js)")) {
                try (InputStream in = FhirclientApp.class.getResourceAsStream("/fhirclient-app" + path)) {
                    body = in.readAllBytes();
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", TYPES.get(path.substring(path.lastIndexOf('.') + 1)));
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
