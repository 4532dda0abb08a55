package org.smartfhir.keycloak.audit.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The newest sealed link of a realm's chain, kept beside the records so that sealing the next batch reads one row by
 * key instead of searching the records for the highest sequence (a search whose cost grows with six years of records,
 * and which H2 answers by reading every row). Written in the sealer's transaction, so it never disagrees with the
 * records it sealed; deleting the newest records leaves it ahead of them, and the next sealed record then shows the gap.
 */
@Entity
@Table(name = "SMART_AUDIT_CHAIN_HEAD")
public class ChainHeadEntity {

    @Id
    @Column(name = "REALM_ID", length = 36)
    private String realmId;

    @Column(name = "SEQ", nullable = false)
    private long sequence;

    @Column(name = "HASH", length = 64, nullable = false)
    private String hash;

    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public long getSequence() { return sequence; }
    public void setSequence(long sequence) { this.sequence = sequence; }
    public String getHash() { return hash; }
    public void setHash(String hash) { this.hash = hash; }
}
