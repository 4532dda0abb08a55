package org.smartfhir.keycloak.it.support;

import org.smartfhir.keycloak.harness.fhir.LoopbackFhirServer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A real HAPI FHIR plain server on loopback that takes AuditEvent transaction Bundles, as a hospital's FHIR audit
 * repository would: every entry must be a {@code PUT AuditEvent/<id>} of a parseable AuditEvent; it keeps one resource
 * per id (a redelivery replaces it) and counts how often each id arrived.
 */
public final class AuditRepository implements AutoCloseable {

    private final LoopbackFhirServer server;
    private final Map<String, AuditEvent> events = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

    public AuditRepository() {
        RestfulServer fhir = new RestfulServer(FhirContext.forR4Cached());
        fhir.registerProvider(new TransactionProvider());
        server = LoopbackFhirServer.start(fhir, "FHIR audit repository");
    }

    public String base() {
        return server.base();
    }

    /** The stored AuditEvents by id. */
    public Map<String, AuditEvent> events() {
        return Map.copyOf(events);
    }

    /** How many times each id was delivered (more than once is a redelivery, dropped by the PUT). */
    public Map<String, Integer> deliveries() {
        Map<String, Integer> out = new ConcurrentHashMap<>();
        deliveries.forEach((id, n) -> out.put(id, n.get()));
        return out;
    }

    @Override
    public void close() {
        server.stop();
    }

    public final class TransactionProvider {
        @Transaction
        public Bundle transaction(@TransactionParam Bundle bundle) {
            if (bundle.getType() != Bundle.BundleType.TRANSACTION) {
                throw new InvalidRequestException("not a transaction Bundle");
            }
            Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
            List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
            for (Bundle.BundleEntryComponent entry : entries) {
                if (entry.getRequest().getMethod() != Bundle.HTTPVerb.PUT || !(entry.getResource() instanceof AuditEvent event)
                        || !entry.getRequest().getUrl().equals("AuditEvent/" + event.getIdElement().getIdPart())) {
                    throw new InvalidRequestException("every entry must be PUT AuditEvent/<id> of that AuditEvent");
                }
            }
            for (Bundle.BundleEntryComponent entry : entries) {
                AuditEvent event = (AuditEvent) entry.getResource();
                String id = event.getIdElement().getIdPart();
                boolean existed = events.put(id, event) != null;
                deliveries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                response.addEntry().getResponse().setStatus(existed ? "200 OK" : "201 Created")
                        .setLocation("AuditEvent/" + id + "/_history/1");
            }
            return response;
        }
    }
}
