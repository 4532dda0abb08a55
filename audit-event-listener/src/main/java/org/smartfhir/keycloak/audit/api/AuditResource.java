package org.smartfhir.keycloak.audit.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.smartfhir.keycloak.audit.chain.CanonicalJson;
import org.smartfhir.keycloak.audit.chain.ChainVerifier;
import org.smartfhir.keycloak.audit.fhir.AuditEventResource;
import org.smartfhir.keycloak.audit.listener.RequestCorrelation;
import org.smartfhir.keycloak.audit.outbox.AuditOutbox;
import org.smartfhir.keycloak.audit.outbox.AuditRecordEntity;
import org.smartfhir.keycloak.audit.outbox.ChainSealer;
import org.smartfhir.keycloak.audit.record.AuditRecord;
import org.smartfhir.keycloak.audit.record.BalpMapper;
import org.smartfhir.keycloak.audit.record.EventFacts;
import org.keycloak.events.EventListenerProvider;
import org.smartfhir.keycloak.audit.listener.AuditEventListenerFactory;
import org.smartfhir.keycloak.audit.outbox.ChainAnchorEntity;
import org.smartfhir.keycloak.audit.outbox.ChainHeadEntity;
import org.smartfhir.keycloak.audit.outbox.SinkStateEntity;
import org.smartfhir.keycloak.audit.ship.AuditPurger;
import org.smartfhir.keycloak.audit.ship.AuditShipper;
import org.smartfhir.keycloak.audit.ship.ShippingSettings;
import org.smartfhir.keycloak.http.BearerCaller;
import org.smartfhir.keycloak.http.JsonErrors;
import org.smartfhir.keycloak.spi.RealmRoles;

/**
 * The compliance officer's view of the audit trail, under {@code /realms/{realm}/smart-audit}:
 * {@code GET AuditEvent?…} (a FHIR searchset Bundle), {@code GET AuditEvent.csv?…} (the same as CSV) and
 * {@code GET verify} (walks the realm's hash chain and reports the first broken link) and {@code GET shipping} (each
 * sink's backlog). Callers need the realm role
 * {@value #READER_ROLE} (a person or a SIEM's service account); every search and export is itself recorded.
 */
public final class AuditResource {

    public static final String READER_ROLE = "smart-audit-reader";
    static final String FHIR_JSON = "application/fhir+json";

    private final KeycloakSession session;

    public AuditResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("AuditEvent")
    public Response search() {
        return withQuery("AUDIT_QUERY", (query, page, records) -> {
            String base = base();
            String self = base + "/AuditEvent?" + session.getContext().getUri().getRequestUri().getRawQuery();
            String next = page.next() == null ? null : base + "/AuditEvent?" + nextQuery(page.next());
            return Response.ok(AuditEventResource.bundle(records, page.total(), base, self, next).toString(), FHIR_JSON)
                    .header("Cache-Control", "no-store").build();
        });
    }

    @GET
    @Path("AuditEvent.csv")
    public Response export() {
        return withQuery("AUDIT_EXPORT", (query, page, records) -> {
            return Response.ok(AuditCsv.of(records, page.rows()), "text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"audit.csv\"")
                    .header("Cache-Control", "no-store").build();
        });
    }

    @GET
    @Path("verify")
    public Response verify() {
        Optional<Response> refused = refusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        RealmModel realm = session.getContext().getRealm();
        EntityManager em = em();
        // Read before the records: the sealer may extend the chain meanwhile, never shorten it.
        ChainHeadEntity head = em.find(ChainHeadEntity.class, realm.getId());
        ChainAnchorEntity anchor = em.find(ChainAnchorEntity.class, realm.getId());
        ChainVerifier verifier = anchor == null ? new ChainVerifier()
                : new ChainVerifier(anchor.getSequence() + 1, anchor.getHash());
        if (head != null) {
            verifier.expectHead(head.getSequence(), head.getHash());
        }
        long from = anchor == null ? 1 : anchor.getSequence() + 1;
        if (anchor != null && !purgeRecorded(em, realm.getId(), anchor)) {
            verifier.refuse(from, "the chain starts after record " + anchor.getSequence()
                    + " but no purge record names that anchor (records were removed outside retention)");
        }
        while (verifier.firstBreak().isEmpty()) {
            List<AuditRecordEntity> batch = em.createNamedQuery("smartAuditSealedFrom", AuditRecordEntity.class)
                    .setParameter("realmId", realm.getId()).setParameter("from", from).setMaxResults(1000).getResultList();
            if (batch.isEmpty()) {
                break;
            }
            for (AuditRecordEntity row : batch) {
                if (!verifier.accept(ChainSealer.chained(row))) {
                    break;
                }
            }
            from = batch.get(batch.size() - 1).getSequence() + 1;
            em.clear();
        }
        verifier.finish();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("realm", realm.getName());
        body.put("checked", verifier.checked());
        body.put("intact", verifier.firstBreak().isEmpty());
        verifier.firstBreak().ifPresent(b -> body.put("firstBreak", Map.of("sequence", b.sequence(), "reason", b.reason())));
        if (anchor != null) {
            body.put("startsAfter", Map.of("sequence", anchor.getSequence(), "hash", anchor.getHash(),
                    "purgedAt", Instant.ofEpochMilli(anchor.getPurgedAt()).toString()));
        }
        return JsonErrors.ok(body);
    }

    /** The newest purge record of the realm (sealed or about to be) must name the anchor the chain starts from. */
    private static boolean purgeRecorded(EntityManager em, String realmId, ChainAnchorEntity anchor) {
        List<AuditRecordEntity> purges = em.createNamedQuery("smartAuditLatestOfType", AuditRecordEntity.class)
                .setParameter("realmId", realmId).setParameter("eventType", AuditPurger.EVENT_TYPE)
                .setMaxResults(1).getResultList();
        return !purges.isEmpty() && AuditPurger.names(CanonicalJson.parse(purges.get(0).getPayload()).resourcePath(),
                anchor.getSequence(), anchor.getHash());
    }

    /**
     * Where each configured sink stands with this realm: confirmed sequence, records still to deliver, failures and
     * the last error. The same figures the shipper logs while a sink is down.
     */
    @GET
    @Path("shipping")
    public Response shipping() {
        Optional<Response> refused = refusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        RealmModel realm = session.getContext().getRealm();
        ShippingSettings settings = ((AuditEventListenerFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(EventListenerProvider.class, AuditEventListenerFactory.PROVIDER_ID)).shipping();
        List<Map<String, Object>> sinks = new ArrayList<>();
        for (String name : settings.sinks()) {
            SinkStateEntity state = Optional.ofNullable(em().find(SinkStateEntity.class, SinkStateEntity.id(name, realm.getId())))
                    .orElseGet(SinkStateEntity::new);
            Map<String, Object> sink = new LinkedHashMap<>();
            sink.put("sink", name);
            sink.put("shippedThrough", state.getShippedSequence());
            sink.put("backlog", AuditShipper.backlog(session, realm.getId(), state.getShippedSequence()));
            sink.put("failures", state.getFailures());
            putTime(sink, "failingSince", state.getFailingSince());
            putTime(sink, "nextAttemptAt", state.getNextAttemptAt() == 0 ? null : state.getNextAttemptAt());
            putTime(sink, "lastSuccessAt", state.getLastSuccessAt());
            if (state.getLastError() != null) {
                sink.put("lastError", state.getLastError());
            }
            sinks.add(sink);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("realm", realm.getName());
        body.put("retention", settings.retention().toString());
        body.put("sinks", sinks);
        return JsonErrors.ok(body);
    }

    private static void putTime(Map<String, Object> body, String key, Long millis) {
        if (millis != null) {
            body.put(key, Instant.ofEpochMilli(millis).toString());
        }
    }

    private interface PageRenderer {
        Response render(AuditQuery query, AuditSearch.Page page, List<AuditRecord> records);
    }

    private Response withQuery(String eventType, PageRenderer renderer) {
        Optional<Response> refused = refusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        MultivaluedMap<String, String> params = session.getContext().getUri().getQueryParameters();
        AuditQuery query;
        try {
            query = AuditQuery.parse(params);
        } catch (AuditQuery.Invalid e) {
            return JsonErrors.error(Response.Status.BAD_REQUEST, "invalid_request", e.getMessage());
        }
        recordQuery(eventType);
        AuditSearch.Page page = AuditSearch.run(em(), session.getContext().getRealm().getId(), query);
        return renderer.render(query, page, page.rows().stream().map(r -> CanonicalJson.parse(r.getPayload())).toList());
    }

    /** HIPAA: looking at the audit trail is itself audited, with who asked and what. */
    private void recordQuery(String eventType) {
        RealmModel realm = session.getContext().getRealm();
        String query = session.getContext().getUri().getRequestUri().getRawPath() + "?"
                + Optional.ofNullable(session.getContext().getUri().getRequestUri().getRawQuery()).orElse("");
        long now = Time.currentTimeMillis();
        EventFacts facts = new EventFacts(false, eventType, null, now, UUID.randomUUID().toString(), realm.getId(),
                realm.getName(), Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()),
                caller.getUser().getId(), caller.getUser().getUsername(),
                caller.getClient() == null ? null : caller.getClient().getClientId(),
                session.getContext().getConnection().getRemoteAddr(), null, Map.of(), "AuditEvent", query,
                null, null, null, List.of(), RequestCorrelation.of(session));
        AuditOutbox.write(session, BalpMapper.map(facts), now);
    }

    private AuthenticationManager.AuthResult caller;

    private Optional<Response> refusal() {
        BearerCaller.Result bearer = BearerCaller.authenticate(session);
        if (bearer.refusal() != null) {
            return Optional.of(bearer.refusal());
        }
        caller = bearer.caller();
        if (!RealmRoles.holds(session.getContext().getRealm(), caller.getUser(), READER_ROLE)) {
            return Optional.of(JsonErrors.error(Response.Status.FORBIDDEN, "insufficient_scope",
                    "reading the audit trail needs the realm role " + READER_ROLE));
        }
        return Optional.empty();
    }

    /** The same search from where this page ended (an offset, if one was given, is spent on the first page). */
    private String nextQuery(AuditCursor next) {
        MultivaluedMap<String, String> params = session.getContext().getUri().getQueryParameters();
        List<String> parts = new ArrayList<>();
        params.forEach((name, values) -> {
            if (!name.equals("_offset") && !name.equals(AuditCursor.PARAMETER)) {
                values.forEach(v -> parts.add(encode(name) + "=" + encode(v)));
            }
        });
        parts.add(AuditCursor.PARAMETER + "=" + next.encode());
        return String.join("&", parts);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private String base() {
        return session.getContext().getUri().getBaseUri().toString().replaceAll("/$", "") + "/realms/"
                + session.getContext().getRealm().getName() + "/smart-audit";
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
