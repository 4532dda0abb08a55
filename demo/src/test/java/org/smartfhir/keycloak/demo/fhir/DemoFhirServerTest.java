package org.smartfhir.keycloak.demo.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.fhir.LoopbackFhirServer;
import org.smartfhir.keycloak.harness.runtime.FreePort;

class DemoFhirServerTest {

    /** The demo's base is {@code localhost}, as the realm template's: the server must not call itself 127.0.0.1. */
    @Test
    void theServerNamesItselfByTheBaseTheRealmAcceptsAsAud() throws Exception {
        HttpServer keycloak = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        keycloak.createContext("/realms/smart/.well-known/smart-configuration", exchange -> {
            byte[] body = "{\"authorization_endpoint\":\"http://127.0.0.1/a\",\"token_endpoint\":\"http://127.0.0.1/t\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        keycloak.start();
        String base = "http://localhost:" + FreePort.pick() + "/fhir";
        LoopbackFhirServer fhir = DemoFhirServer.start(base, "http://127.0.0.1:" + keycloak.getAddress().getPort()
                + "/realms/smart", "http://127.0.0.1:2");
        try {
            HttpResponse<String> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base.replace("localhost", "127.0.0.1") + "/metadata?_format=json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metadata.statusCode(), metadata.body());
            JsonNode statement = new ObjectMapper().readTree(metadata.body());
            assertEquals(base, statement.path("implementation").path("url").asText());
            assertEquals("SMART-on-FHIR", statement.path("rest").path(0).path("security").path("service").path(0)
                    .path("coding").path(0).path("code").asText());
        } finally {
            fhir.stop();
            keycloak.stop(0);
        }
    }
}
