package org.smartfhir.keycloak.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.smartfhir.keycloak.demo.fhir.DemoFhirServer;

/**
 * A pretend EHR, so a person sees the SMART EHR launch: a patient list whose "Open in the sample app" button makes
 * the EHR's back end mint a launch for the sample app (its own service-account token, the realm role
 * {@code smart-ehr-launcher}, {@code POST /realms/{realm}/smart-launch} with the patient and the signed-in clinician)
 * and then opens the app at {@code /launch?iss={fhirBase}&launch={handle}} (SMART App Launch 2.2 §EHR launch). The
 * secret stays in this server; the browser only ever sees the handle.
 */
public final class DemoEhr implements AutoCloseable {

    public static final String CLIENT_ID = "smart-demo-ehr";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String issuer;
    private final String fhirBase;
    private final SampleApp app;
    private final String secret;
    private final String user;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code user}: the EHR's signed-in clinician, to whom each launch is bound. */
    public DemoEhr(int port, String issuer, String fhirBase, SampleApp app, String secret, String user) throws IOException {
        this.issuer = issuer;
        this.fhirBase = fhirBase;
        this.app = app;
        this.secret = secret;
        this.user = user;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/", this::serve);
        server.start();
    }

    public String pageUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The confidential client the EHR's back end authenticates as: only the service account, holding the launch role. */
    public String secret() {
        return secret;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/") && exchange.getRequestMethod().equals("GET")) {
                send(exchange, 200, page(null));
            } else if (path.equals("/launch") && exchange.getRequestMethod().equals("POST")) {
                String patient = formField(new String(exchange.getRequestBody().readNBytes(4096), StandardCharsets.UTF_8), "patient");
                if (!DemoFhirServer.patients().containsKey(patient)) {
                    send(exchange, 400, page("Unknown patient."));
                    return;
                }
                String handle = mint(patient);
                if (handle == null) {
                    send(exchange, 502, page("Keycloak did not mint a launch; see the Keycloak log."));
                    return;
                }
                exchange.getResponseHeaders().set("Location", app.launchUrl() + "?iss=" + enc(fhirBase) + "&launch=" + enc(handle));
                exchange.sendResponseHeaders(303, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    /** The EHR's back end: client_credentials, then the launch API. Null when Keycloak refuses. */
    private String mint(String patient) {
        try {
            String basic = Base64.getEncoder().encodeToString((CLIENT_ID + ":" + secret).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
            if (token.statusCode() != 200) {
                return null;
            }
            String accessToken = JSON.readTree(token.body()).path("access_token").asText();
            String body = JSON.writeValueAsString(Map.of("client_id", SampleApp.CLIENT_ID, "patient", patient, "user", user));
            HttpResponse<String> launch = http.send(HttpRequest.newBuilder(URI.create(issuer + "/smart-launch"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + accessToken)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(launch.body());
            return launch.statusCode() == 200 && answer.path("launch").isTextual() ? answer.path("launch").asText() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String page(String error) {
        StringBuilder rows = new StringBuilder();
        DemoFhirServer.patients().forEach((id, name) -> rows.append("<tr><td>").append(html(name)).append("</td><td class=\"mono\">")
                .append(html(id)).append("</td><td><form method=\"post\" action=\"/launch\"><input type=\"hidden\" name=\"patient\" value=\"")
                .append(html(id)).append("\"><button type=\"submit\" id=\"open-").append(html(id))
                .append("\">Open in the sample app</button></form></td></tr>"));
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Demo EHR</title>"
                + "<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:46rem;color:#1b2430}"
                + "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #dde3ea}"
                + "button{font-size:1rem;padding:.5rem 1rem;border:0;border-radius:6px;background:#0b5cad;color:#fff;cursor:pointer}"
                + "button:focus-visible{outline:3px solid #f2a900;outline-offset:2px}.mono{font-family:ui-monospace,monospace}"
                + ".error{color:#a4000f;font-weight:600}</style></head><body><main><h1>Demo EHR</h1>"
                + "<p>Signed in as <strong>" + html(user) + "</strong>. Open a chart in the sample SMART app: the EHR's back end "
                + "mints a launch with Keycloak and opens the app with <code>iss</code> and <code>launch</code> (EHR launch). "
                + "Sign in as " + html(user) + " when Keycloak asks.</p>"
                + (error == null ? "" : "<p class=\"error\" role=\"alert\">" + html(error) + "</p>")
                + "<table><thead><tr><th>Patient</th><th>Id</th><th></th></tr></thead><tbody>" + rows
                + "</tbody></table></main></body></html>";
    }

    private static String formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String html(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private void send(HttpExchange exchange, int status, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' " + app.origin() + "; frame-ancestors 'none'");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
