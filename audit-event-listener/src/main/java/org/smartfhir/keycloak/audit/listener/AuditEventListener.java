package org.smartfhir.keycloak.audit.listener;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
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

    /**
     * The record belongs to the realm that was changed, but names the admin as they authenticated: with the issuer of
     * their own realm (a master-realm admin changing realm {@code smart} is {@code …/realms/master}'s user), their
     * username and the client's {@code client_id}, not Keycloak's internal ids, so a compliance officer can tell who
     * it was without the admin console.
     */
    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        AuthDetails auth = event.getAuthDetails();
        Admin admin = Admin.of(session, auth);
        EventFacts facts = new EventFacts(true, event.getOperationType() == null ? null : event.getOperationType().name(),
                event.getError(), event.getTime(), id(event.getId()), event.getRealmId(), null,
                issuer(auth == null || auth.getRealmId() == null ? event.getRealmId() : auth.getRealmId()),
                auth == null ? null : auth.getUserId(), admin.username(), admin.clientId(),
                auth == null ? null : auth.getIpAddress(), null, Map.of(), event.getResourceTypeAsString(),
                event.getResourcePath(), null, null, null, List.of(), correlationId());
        AuditOutbox.write(session, BalpMapper.map(facts), event.getTime());
    }

    /** The admin's username and the client's {@code client_id}, looked up in the admin's own realm. */
    private record Admin(String username, String clientId) {
        static Admin of(KeycloakSession session, AuthDetails auth) {
            if (auth == null || auth.getRealmId() == null) {
                return new Admin(null, auth == null ? null : auth.getClientId());
            }
            try {
                RealmModel realm = session.realms().getRealm(auth.getRealmId());
                if (realm == null) {
                    return new Admin(null, auth.getClientId());
                }
                UserModel user = auth.getUserId() == null ? null : session.users().getUserById(realm, auth.getUserId());
                ClientModel client = auth.getClientId() == null ? null : session.clients().getClientById(realm, auth.getClientId());
                return new Admin(user == null ? null : user.getUsername(), client == null ? auth.getClientId() : client.getClientId());
            } catch (RuntimeException e) {
                return new Admin(null, auth.getClientId()); // the record is written anyway, with the ids Keycloak gave
            }
        }
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
