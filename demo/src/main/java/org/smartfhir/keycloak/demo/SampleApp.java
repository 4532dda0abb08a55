package org.smartfhir.keycloak.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Serves the sample SMART app (static HTML and JavaScript from {@code demo-app/}) on the loopback interface, with its
 * settings in {@code config.js}. It launches standalone (its Launch button) or from an EHR ({@code /launch?iss=…&launch=…}). The app runs entirely in the browser as a public client; this server only hands out
 * files, with a CSP that lets the page talk to Keycloak and the FHIR server and nothing else.
 */
public final class SampleApp implements AutoCloseable {

    public static final String CLIENT_ID = "smart-demo-app";
    public static final String SCOPE = "openid fhirUser launch/patient patient/Patient.rs patient/Observation.rs patient/Condition.rs";
    /** At an EHR launch: the EHR's context ({@code launch}) instead of choosing a patient ({@code launch/patient}). */
    public static final String EHR_LAUNCH_SCOPE = "openid fhirUser launch patient/Patient.rs patient/Observation.rs patient/Condition.rs";

    private static final Map<String, String> FILES = Map.of("/", "index.html", "/callback", "index.html", "/launch", "index.html",
            "/app.js", "app.js", "/app.css", "app.css");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final HttpServer server;
    private final String origin;
    private final byte[] config;
    private final String csp;

    /** {@code issuer}: the realm URL; {@code fhirBase}: the FHIR base as apps name it in {@code aud}. */
    public SampleApp(int port, String issuer, String fhirBase) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 32);
        origin = "http://127.0.0.1:" + server.getAddress().getPort();
        config = ("window.SMART_DEMO = " + new ObjectMapper().writeValueAsString(Map.of("issuer", issuer,
                "fhirBase", fhirBase, "clientId", CLIENT_ID, "redirectUri", redirectUri(), "scope", SCOPE,
                "ehrLaunchScope", EHR_LAUNCH_SCOPE)) + ";\n")
                .getBytes(StandardCharsets.UTF_8);
        csp = "default-src 'self'; connect-src 'self' " + originOf(issuer) + " " + originOf(fhirBase)
                + "; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
        server.createContext("/", this::serve);
        server.start();
    }

    public String origin() {
        return origin;
    }

    /** The app's page, which is also its redirect URI, on the IPv4 loopback address. */
    public String redirectUri() {
        return origin + "/callback";
    }

    /** The redirect URI as registered: without the port, which RFC 8252 §7.3 (and Keycloak) lets vary. */
    public String registeredRedirectUri() {
        return "http://127.0.0.1/callback";
    }

    /** The app's launch URL, which an EHR opens with {@code ?iss=…&launch=…}. */
    public String launchUrl() {
        return origin + "/launch";
    }

    public String pageUrl() {
        return origin + "/";
    }

    private static String originOf(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            if (path.equals("/config.js")) {
                body = config;
                type = TYPES.get("js");
            } else if (FILES.containsKey(path) && exchange.getRequestMethod().equals("GET")) {
                String file = FILES.get(path);
                try (InputStream in = SampleApp.class.getResourceAsStream("/demo-app/" + file)) {
                    body = in.readAllBytes();
                }
                type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
            } else {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Content-Security-Policy", csp);
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
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
