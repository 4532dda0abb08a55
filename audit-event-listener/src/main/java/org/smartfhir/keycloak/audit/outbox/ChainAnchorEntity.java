package org.smartfhir.keycloak.audit.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Where a realm's chain starts after a retention purge: the last purged record's sequence and hash. The verifier starts
 * there, and cross-checks it against the purge record that the purge itself added to the chain, so removing records
 * beyond the purge, or moving the anchor, still shows as a broken link.
 */
@Entity
@Table(name = "SMART_AUDIT_ANCHOR")
public class ChainAnchorEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Column(name = "SEQ", nullable = false)
    private long sequence;

    @Column(name = "HASH", length = 64, nullable = false)
    private String hash;

    @Column(name = "PURGED_AT", nullable = false)
    private long purgedAt;

    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public long getSequence() { return sequence; }
    public void setSequence(long sequence) { this.sequence = sequence; }
    public String getHash() { return hash; }
    public void setHash(String hash) { this.hash = hash; }
    public long getPurgedAt() { return purgedAt; }
    public void setPurgedAt(long purgedAt) { this.purgedAt = purgedAt; }
}
