package org.smartfhir.keycloak.audit.ship;

import org.smartfhir.keycloak.audit.chain.CanonicalJson;
import org.smartfhir.keycloak.audit.record.AuditRecord;

/**
 * A sealed record on its way to a sink: its place in the realm's chain (sequence, previous hash, hash) travels with it,
 * so a sink's copy can be checked against the database's, and a receiver can drop a redelivered record by its id.
 */
public record ShippedRecord(String id, String realmId, long sequence, String previousHash, String hash, String canonical) {

    public AuditRecord record() {
        return CanonicalJson.parse(canonical);
    }
}
