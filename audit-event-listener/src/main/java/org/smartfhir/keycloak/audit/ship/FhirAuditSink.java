package org.smartfhir.keycloak.audit.ship;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smartfhir.keycloak.audit.fhir.AuditEventResource;

/**
 * Records as FHIR R4 {@code AuditEvent}s (IHE BALP), POSTed to a FHIR server's base as one transaction Bundle per
 * batch. Each entry is a {@code PUT AuditEvent/<record id>}, so a redelivered batch updates the same resources instead
 * of adding copies: de-duplication by record id happens in the FHIR server. A batch is confirmed only when the server
 * answers 200 with a transaction-response whose every entry succeeded (the transaction is all or nothing).
 */
public final class FhirAuditSink implements AuditSink {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESPONSE_BYTES = 8 << 20;

    private final URI base;
    private final String authorization;
    private final HttpClient http;
    private final Duration timeout;

    /** @param authorization an {@code Authorization} header value for the FHIR server, or {@code null} */
    public FhirAuditSink(URI base, String authorization, HttpClient http, Duration timeout) {
        this.base = base;
        this.authorization = authorization;
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "fhir";
    }

    @Override
    public long deliver(String realmId, List<ShippedRecord> batch, long confirmed) throws IOException {
        if (batch.isEmpty()) {
            return confirmed;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base).timeout(timeout)
                .header("Content-Type", "application/fhir+json; charset=utf-8")
                .header("Accept", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(transaction(base, batch).toString(), StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting audit events", e);
        }
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_RESPONSE_BYTES);
        }
        if (response.statusCode() != 200) {
            throw new IOException("the FHIR server answered " + response.statusCode() + " to the audit transaction");
        }
        JsonNode result = JSON.readTree(body);
        JsonNode entries = result.path("entry");
        if (!"transaction-response".equals(result.path("type").asText()) || entries.size() != batch.size()) {
            throw new IOException("the FHIR server's answer is not a transaction-response with " + batch.size() + " entries");
        }
        for (JsonNode entry : entries) {
            String status = entry.path("response").path("status").asText("");
            if (!status.startsWith("2")) {
                throw new IOException("the FHIR server refused an audit event: " + status);
            }
        }
        return batch.get(batch.size() - 1).sequence();
    }

    static ObjectNode transaction(URI base, List<ShippedRecord> batch) {
        String root = base.toString().replaceAll("/+$", "");
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        ArrayNode entries = bundle.putArray("entry");
        for (ShippedRecord r : batch) {
            ObjectNode resource = AuditEventResource.render(r.record());
            String id = resource.get("id").asText();
            ObjectNode entry = entries.addObject();
            entry.put("fullUrl", root + "/AuditEvent/" + id);
            entry.set("resource", resource);
            ObjectNode request = entry.putObject("request");
            request.put("method", "PUT");
            request.put("url", "AuditEvent/" + id);
        }
        return bundle;
    }

    @Override
    public void close() {
        // the HttpClient is shared and closes with the JVM
    }
}
