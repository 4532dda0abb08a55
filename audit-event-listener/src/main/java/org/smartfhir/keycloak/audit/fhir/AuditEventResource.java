package org.smartfhir.keycloak.audit.fhir;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smartfhir.keycloak.audit.record.AuditRecord;
import org.smartfhir.keycloak.audit.record.Coding;

/**
 * A record as a FHIR R4 {@code AuditEvent} in the IHE BALP pattern: the user (issuer + subject) as the requesting
 * agent with the client's IP address and, for token records, the token id as {@code agent.policy}
 * ({@code urn:ietf:params:oauth:jti:…}, BALP's OAuth pattern); the client as a second agent; Keycloak's realm as the
 * observing security server; the SMART patient and encounter as entities (so {@code AuditEvent?patient=} finds them);
 * and scope, grant type, {@code acr}, {@code amr}, session hash and correlation id as details of a security entity.
 * A consent decision (BALP AuthZ-Consent) has BALP's consent entity instead, carrying what the person granted and
 * what they refused as separate details, so a reader never takes a refused permission for a granted one.
 */
public final class AuditEventResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    private static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    private static final String DCM = Coding.DCM;

    private AuditEventResource() {
    }

    public static ObjectNode render(AuditRecord r) {
        ObjectNode event = JSON.createObjectNode();
        event.put("resourceType", "AuditEvent");
        event.put("id", fhirId(r.id()));
        event.set("type", coding(r.type()));
        if (!r.subtypes().isEmpty()) {
            ArrayNode subtypes = event.putArray("subtype");
            r.subtypes().forEach(s -> subtypes.add(coding(s)));
        }
        event.put("action", r.action());
        event.put("recorded", r.recorded());
        event.put("outcome", String.valueOf(r.outcome()));
        if (r.outcomeDesc() != null) {
            event.put("outcomeDesc", r.outcomeDesc());
        }
        ArrayNode agents = event.putArray("agent");
        if (r.userId() != null) {
            ObjectNode user = agent(agents, concept(PARTICIPATION, "IRCP", "information recipient"), r.issuer(), r.userId(), true);
            if (r.username() != null) {
                ((ObjectNode) user.get("who")).put("display", r.username());
            }
            network(user, r.ipAddress());
            policy(user, r.tokenId());
        }
        if (r.clientId() != null) {
            boolean alone = r.userId() == null;
            ObjectNode client = agent(agents, concept(DCM, "110150", "Application"),
                    r.issuer() == null ? null : r.issuer() + "/clients", r.clientId(), alone);
            if (alone) {
                network(client, r.ipAddress());
                policy(client, r.tokenId());
            }
        }
        if (agents.isEmpty()) {
            ObjectNode unknown = agents.addObject();
            unknown.putObject("who").put("display", "unauthenticated request");
            unknown.put("requestor", true);
            network(unknown, r.ipAddress());
        }
        ObjectNode source = event.putObject("source");
        if (r.realmName() != null) {
            source.put("site", r.realmName());
        }
        source.putObject("observer").put("display", "Keycloak realm " + (r.realmName() == null ? r.realmId() : r.realmName()));
        source.putArray("type").add(codingNode(SOURCE_TYPE, "6", "Security Server"));
        ArrayNode entities = JSON.createArrayNode();
        if (r.patient() != null) {
            ObjectNode patient = entities.addObject();
            patient.putObject("what").put("reference", "Patient/" + r.patient());
            patient.set("type", codingNode(ENTITY_TYPE, "1", "Person"));
            patient.set("role", codingNode(OBJECT_ROLE, "1", "Patient"));
        }
        if (r.encounter() != null) {
            ObjectNode encounter = entities.addObject();
            encounter.putObject("what").put("reference", "Encounter/" + r.encounter());
            encounter.set("type", codingNode(ENTITY_TYPE, "2", "System Object"));
        }
        if (r.consent()) {
            consent(entities, r);
        }
        ObjectNode security = JSON.createObjectNode();
        security.set("type", codingNode(ENTITY_TYPE, "2", "System Object"));
        security.put("description", "OAuth / OpenID Connect request context");
        ArrayNode details = JSON.createArrayNode();
        detail(details, "keycloak-event", r.eventType());
        detail(details, "scope", r.consent() || r.scopes().isEmpty() ? null : String.join(" ", r.scopes()));
        detail(details, "grant_type", r.grantType());
        detail(details, "acr", r.acr());
        detail(details, "amr", r.amr().isEmpty() ? null : String.join(" ", r.amr()));
        detail(details, "session-sha256", r.sessionHash());
        detail(details, "correlation-id", r.correlationId());
        detail(details, "resource-type", r.resourceType());
        detail(details, "resource-path", r.resourcePath());
        if (!details.isEmpty()) {
            security.set("detail", details);
            entities.add(security);
        }
        if (!entities.isEmpty()) {
            event.set("entity", entities);
        }
        return event;
    }

    /**
     * BALP's consent entity (type {@code Consent}): the decision is not a stored FHIR Consent, so it is named by
     * display; its details are the scopes granted, those refused and, for a revocation, the app concerned.
     */
    private static void consent(ArrayNode entities, AuditRecord r) {
        ObjectNode consent = entities.addObject();
        String app = r.revokedClient() != null ? r.revokedClient() : r.clientId();
        consent.putObject("what").put("display", "SMART App Launch authorization" + (app == null ? "" : " of " + app));
        consent.set("type", codingNode(RESOURCE_TYPES, "Consent", "Consent"));
        ArrayNode details = JSON.createArrayNode();
        detail(details, "granted-scope", r.scopes().isEmpty() ? null : String.join(" ", r.scopes()));
        detail(details, "refused-scope", r.refusedScopes().isEmpty() ? null : String.join(" ", r.refusedScopes()));
        detail(details, "revoked-client", r.revokedClient());
        if (!details.isEmpty()) {
            consent.set("detail", details);
        }
    }

    /** An agent identified by {@code value} within {@code system} (the realm's issuer for users, its clients for apps). */
    private static ObjectNode agent(ArrayNode agents, ObjectNode type, String system, String value, boolean requestor) {
        ObjectNode agent = agents.addObject();
        agent.set("type", type);
        ObjectNode identifier = agent.putObject("who").putObject("identifier");
        if (system != null) {
            identifier.put("system", system);
        }
        identifier.put("value", value);
        agent.put("requestor", requestor);
        return agent;
    }

    /** FHIR ids are {@code [A-Za-z0-9\-.]{1,64}}; Keycloak's are UUIDs, anything else is made to fit. */
    static String fhirId(String id) {
        String safe = id == null ? "" : id.replaceAll("[^A-Za-z0-9\\-.]", "-");
        return safe.isEmpty() ? "unknown" : safe.length() > 64 ? safe.substring(0, 64) : safe;
    }

    private static void network(ObjectNode agent, String ip) {
        if (ip != null) {
            ObjectNode network = agent.putObject("network");
            network.put("address", ip);
            network.put("type", "2"); // IP address
        }
    }

    private static void policy(ObjectNode agent, String tokenId) {
        if (tokenId != null) {
            agent.putArray("policy").add("urn:ietf:params:oauth:jti:" + tokenId);
        }
    }

    private static void detail(ArrayNode details, String type, String value) {
        if (value != null && !value.isEmpty()) {
            ObjectNode detail = details.addObject();
            detail.put("type", type);
            detail.put("valueString", value);
        }
    }

    private static ObjectNode coding(Coding c) {
        return codingNode(c.system(), c.code(), c.display());
    }

    private static ObjectNode codingNode(String system, String code, String display) {
        ObjectNode node = JSON.createObjectNode();
        node.put("system", system);
        node.put("code", code);
        node.put("display", display);
        return node;
    }

    private static ObjectNode concept(String system, String code, String display) {
        ObjectNode concept = JSON.createObjectNode();
        concept.putArray("coding").add(codingNode(system, code, display));
        return concept;
    }

    /**
     * Rendered records as a FHIR searchset Bundle, for the query API.
     *
     * @param base the URL the AuditEvents are served under, for each entry's {@code fullUrl}
     */
    public static ObjectNode bundle(List<AuditRecord> records, long total, String base, String selfUrl, String nextUrl) {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "searchset");
        bundle.put("total", total);
        ArrayNode links = bundle.putArray("link");
        links.addObject().put("relation", "self").put("url", selfUrl);
        if (nextUrl != null) {
            links.addObject().put("relation", "next").put("url", nextUrl);
        }
        ArrayNode entries = bundle.putArray("entry");
        for (AuditRecord record : records) {
            ObjectNode entry = entries.addObject();
            entry.put("fullUrl", base + "/AuditEvent/" + fhirId(record.id()));
            entry.set("resource", render(record));
            entry.putObject("search").put("mode", "match");
        }
        return bundle;
    }
}
