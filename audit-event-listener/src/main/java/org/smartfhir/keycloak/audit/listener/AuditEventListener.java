package org.smartfhir.keycloak.audit.listener;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.smartfhir.keycloak.audit.outbox.AuditOutbox;
import org.smartfhir.keycloak.audit.record.BalpMapper;
import org.smartfhir.keycloak.audit.record.EventFacts;
import org.smartfhir.keycloak.audit.record.RecordingPolicy;

/**
 * Turns every Keycloak event and admin event of the realm into one BALP-shaped record in the audit outbox, in the
 * event's own transaction: Keycloak delivers success events inside the request transaction, so a token whose request
 * commits always has its record, and one that rolls back has none. No I/O to a sink happens here.
 */
final class AuditEventListener implements EventListenerProvider {

    /** Events whose record names the grant's patient, encounter and authentication (read from the client session). */
    static final java.util.Set<String> GRANT_EVENTS = java.util.Set.of("LOGIN", "CODE_TO_TOKEN", "REFRESH_TOKEN", "TOKEN_EXCHANGE");

    /** A client's request id, if it sends one, to correlate the record with the client's own logs. */
    private final KeycloakSession session;
    private final RecordingPolicy recording;

    AuditEventListener(KeycloakSession session, RecordingPolicy recording) {
        this.session = session;
        this.recording = recording;
    }

    @Override
    public void onEvent(Event event) {
        if (!recording.records(event.getType() == null ? null : event.getType().name(), event.getError() != null)) {
            return;
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        GrantFacts grant = event.getType() != null && GRANT_EVENTS.contains(event.getType().name()) && event.getError() == null
                ? GrantFacts.of(session, event.getRealmId(), event.getSessionId(), event.getClientId()) : GrantFacts.NONE;
        EventFacts facts = new EventFacts(false, event.getType() == null ? null : event.getType().name(), event.getError(),
                event.getTime(), id(event.getId()), event.getRealmId(), event.getRealmName(), issuer(event.getRealmId()),
                event.getUserId(), details.get("username"), event.getClientId(), event.getIpAddress(), event.getSessionId(),
                details, null, null, grant.patient(), grant.encounter(), grant.acr(), grant.amr(), correlationId());
        AuditOutbox.write(session, BalpMapper.map(facts), event.getTime());
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        AuthDetails auth = event.getAuthDetails();
        EventFacts facts = new EventFacts(true, event.getOperationType() == null ? null : event.getOperationType().name(),
                event.getError(), event.getTime(), id(event.getId()), event.getRealmId(), null, issuer(event.getRealmId()),
                auth == null ? null : auth.getUserId(), null, auth == null ? null : auth.getClientId(),
                auth == null ? null : auth.getIpAddress(), null, Map.of(), event.getResourceTypeAsString(),
                event.getResourcePath(), null, null, null, List.of(), correlationId());
        AuditOutbox.write(session, BalpMapper.map(facts), event.getTime());
    }

    private static String id(String eventId) {
        return eventId == null || eventId.length() > 36 ? UUID.randomUUID().toString() : eventId;
    }

    private String issuer(String realmId) {
        try {
            RealmModel realm = realmId == null ? null : session.realms().getRealm(realmId);
            var uri = session.getContext().getUri();
            return realm == null || uri == null ? null : Urls.realmIssuer(uri.getBaseUri(), realm.getName());
        } catch (RuntimeException e) {
            return null; // no request context (a background task): the record names the realm id instead
        }
    }

    private String correlationId() {
        return RequestCorrelation.of(session);
    }

    @Override
    public void close() {
    }
}
