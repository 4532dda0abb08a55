package org.smartfhir.keycloak.audit.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.audit.fhir.R4Validation;

class FhirAuditSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private final List<JsonNode> posted = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final AtomicReference<String> entryStatus = new AtomicReference<>("201 Created");
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private FhirAuditSink sink;

    @BeforeEach
    void server() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fhir", exchange -> {
            JsonNode bundle = JSON.readTree(exchange.getRequestBody());
            posted.add(bundle);
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            StringBuilder entries = new StringBuilder();
            for (int i = 0; i < bundle.path("entry").size(); i++) {
                entries.append(i == 0 ? "" : ",").append("{\"response\":{\"status\":\"").append(entryStatus.get()).append("\"}}");
            }
            byte[] body = ("{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\",\"entry\":[" + entries + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        sink = new FhirAuditSink(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/fhir"),
                "Bearer audit-feed-token", HttpClient.newHttpClient(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aBatchIsOneValidTransactionOfIdempotentPutsByRecordId() throws Exception {
        assertEquals(4, sink.deliver("realm-1", Batches.of(1, 4), 0));
        JsonNode bundle = posted.get(0);
        assertEquals("transaction", bundle.get("type").asText());
        assertEquals(4, bundle.get("entry").size());
        JsonNode entry = bundle.get("entry").get(2);
        assertEquals("PUT", entry.at("/request/method").asText());
        assertEquals("AuditEvent/rec-3", entry.at("/request/url").asText());
        assertEquals("rec-3", entry.at("/resource/id").asText());
        assertEquals("Bearer audit-feed-token", authorization.get());
        R4Validation.assertValid(bundle.toString());
    }

    @Test
    void aRefusedTransactionOrEntryIsNotConfirmed() {
        status.set(500);
        IOException server = assertThrows(IOException.class, () -> sink.deliver("realm-1", Batches.of(1, 2), 0));
        assertTrue(server.getMessage().contains("500"), server.getMessage());
        status.set(200);
        entryStatus.set("422 Unprocessable Entity");
        IOException entry = assertThrows(IOException.class, () -> sink.deliver("realm-1", Batches.of(1, 2), 0));
        assertTrue(entry.getMessage().contains("422"), entry.getMessage());
    }

    @Test
    void anUnreachableServerIsAFailureNotAHang() {
        server.stop(0);
        assertThrows(IOException.class, () -> sink.deliver("realm-1", Batches.of(1, 1), 0));
    }
}
