package org.smartfhir.keycloak.demo.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.fhir.LoopbackFhirServer;

/** The discovery interceptor on a real HAPI plain server, with a stand-in for Keycloak's well-known endpoint. */
class SmartDiscoveryInterceptorTest {

    private static final String DOCUMENT = "{\"issuer\":\"http://127.0.0.1/realms/smart\","
            + "\"authorization_endpoint\":\"http://127.0.0.1/realms/smart/protocol/openid-connect/auth\","
            + "\"token_endpoint\":\"http://127.0.0.1/realms/smart/protocol/openid-connect/token\","
            + "\"revocation_endpoint\":\"http://127.0.0.1/realms/smart/protocol/openid-connect/revoke\","
            + "\"capabilities\":[\"launch-ehr\"],\"code_challenge_methods_supported\":[\"S256\"]}";

    private final AtomicInteger fetches = new AtomicInteger();
    private volatile int upstreamStatus = 200;
    private volatile String upstreamBody = DOCUMENT;
    private HttpServer keycloak;
    private LoopbackFhirServer fhir;
    private final MutableClock clock = new MutableClock();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        keycloak = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        keycloak.createContext("/realms/smart/.well-known/smart-configuration", exchange -> {
            fetches.incrementAndGet();
            byte[] body = upstreamBody.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (upstreamStatus == 302) {
                exchange.getResponseHeaders().set("Location", "http://127.0.0.1:1/elsewhere");
            }
            exchange.sendResponseHeaders(upstreamStatus, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        keycloak.start();
        RestfulServer server = new RestfulServer(FhirContext.forR4Cached());
        server.registerInterceptor(new SmartDiscoveryInterceptor(URI.create("http://127.0.0.1:" + keycloak.getAddress().getPort()
                + "/realms/smart/.well-known/smart-configuration"), Duration.ofMinutes(5), clock));
        fhir = LoopbackFhirServer.start(server, "discovery test server");
    }

    @AfterEach
    void stop() {
        fhir.stop();
        keycloak.stop(0);
    }

    @Test
    void theFhirBaseAnswersTheRealmsDocumentWithCorsAndKeepsItForItsLifetime() throws Exception {
        HttpResponse<String> first = get("/.well-known/smart-configuration");
        assertEquals(200, first.statusCode(), first.body());
        assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("*", first.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals(new ObjectMapper().readTree(DOCUMENT), new ObjectMapper().readTree(first.body()), "the realm's document, unchanged");

        get("/.well-known/smart-configuration");
        assertEquals(1, fetches.get(), "cached");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        upstreamBody = DOCUMENT.replace("launch-ehr", "launch-standalone");
        assertTrue(get("/.well-known/smart-configuration").body().contains("launch-standalone"), "refetched after its lifetime");
        assertEquals(2, fetches.get());
    }

    @Test
    void theCapabilityStatementNamesSmartAndTheEndpoints() throws Exception {
        HttpResponse<String> metadata = get("/metadata?_format=json");
        assertEquals(200, metadata.statusCode(), metadata.body());
        JsonNode security = new ObjectMapper().readTree(metadata.body()).path("rest").path(0).path("security");
        assertEquals(SmartDiscoveryInterceptor.SECURITY_SERVICE_CODE, security.path("service").path(0).path("coding").path(0).path("code").asText());
        assertEquals(SmartDiscoveryInterceptor.SECURITY_SERVICE_SYSTEM, security.path("service").path(0).path("coding").path(0).path("system").asText());
        JsonNode uris = security.path("extension").path(0);
        assertEquals(SmartDiscoveryInterceptor.OAUTH_URIS, uris.path("url").asText());
        assertEquals("[authorize, token, revoke]", urlsOf(uris), "present endpoints only, in order");
        assertEquals("http://127.0.0.1/realms/smart/protocol/openid-connect/token", uris.path("extension").path(1).path("valueUri").asText());
    }

    @Test
    void keycloakDownIsACleanBadGatewayRetriedAfterAPause() throws Exception {
        upstreamStatus = 503;
        HttpResponse<String> answer = get("/.well-known/smart-configuration");
        assertEquals(502, answer.statusCode());
        JsonNode body = new ObjectMapper().readTree(answer.body());
        assertEquals("temporarily_unavailable", body.path("error").asText());
        assertTrue(body.path("error_description").asText().contains("could not be fetched"));
        assertEquals(502, get("/metadata?_format=json").statusCode(), "never a CapabilityStatement without its security");
        assertEquals(1, fetches.get(), "a failure is not retried at once");

        upstreamStatus = 200;
        clock.advance(SmartDiscoveryInterceptor.RETRY_AFTER_FAILURE.plusSeconds(1));
        assertEquals(200, get("/.well-known/smart-configuration").statusCode(), "recovers once Keycloak answers");
    }

    @Test
    void aRedirectAnOversizedOrForeignAnswerIsNotServed() throws Exception {
        upstreamStatus = 302;
        assertEquals(502, get("/.well-known/smart-configuration").statusCode(), "redirects are not followed");
        upstreamStatus = 200;
        upstreamBody = "{\"issuer\":\"x\"}";
        clock.advance(Duration.ofMinutes(1));
        assertEquals(502, get("/.well-known/smart-configuration").statusCode(), "no endpoints: not a SMART document");
        upstreamBody = "{\"authorization_endpoint\":\"a\",\"token_endpoint\":\"t\",\"pad\":\""
                + "x".repeat(SmartDiscoveryInterceptor.MAX_BYTES) + "\"}";
        clock.advance(Duration.ofMinutes(1));
        assertEquals(502, get("/.well-known/smart-configuration").statusCode(), "over 256 KiB");
    }

    @Test
    void plainHttpOffLoopbackIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SmartDiscoveryInterceptor(
                URI.create("http://keycloak.example.org/realms/smart/.well-known/smart-configuration")));
    }

    private static String urlsOf(JsonNode extension) {
        java.util.List<String> names = new java.util.ArrayList<>();
        extension.path("extension").forEach(e -> names.add(e.path("url").asText()));
        return names.toString();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fhir.base() + path)).header("Cache-Control", "no-cache").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
