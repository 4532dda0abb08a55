package org.smartfhir.keycloak.audit.outbox;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.smartfhir.keycloak.audit.chain.CanonicalJson;
import org.smartfhir.keycloak.audit.record.AuditRecord;

/** Writes records into the outbox within the caller's transaction: no token is issued without its record. */
public final class AuditOutbox {

    private AuditOutbox() {
    }

    public static void write(KeycloakSession session, AuditRecord record, long createdAt) {
        AuditRecordEntity row = new AuditRecordEntity();
        row.setId(record.id());
        row.setRealmId(record.realmId());
        row.setCreatedAt(createdAt);
        row.setEventType(record.eventType());
        row.setUserId(record.userId());
        row.setClientId(record.clientId());
        row.setPatient(record.patient());
        row.setOutcome(record.outcome());
        row.setPayload(CanonicalJson.of(record));
        session.getProvider(JpaConnectionProvider.class).getEntityManager().persist(row);
    }
}
