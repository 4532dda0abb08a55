package org.smartfhir.keycloak.audit.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A row of the audit outbox, in Keycloak's own database. The canonical JSON ({@code PAYLOAD}) is the record; the other
 * columns are copies for searching, and the chain columns are filled when the record is sealed (in commit order, by
 * {@link ChainSealer}), so that the request that produced the record never waits on a realm-wide lock.
 */
@Entity
@Table(name = "SMART_AUDIT_RECORD")
@NamedQueries({
        @NamedQuery(name = "smartAuditUnsealedRealms", query = "select distinct r.realmId from AuditRecordEntity r "
                + "where r.sequence is null order by r.realmId"),
        @NamedQuery(name = "smartAuditUnsealedInRealm", query = "select r from AuditRecordEntity r where r.realmId = :realmId "
                + "and r.sequence is null order by r.createdAt, r.id"),
        @NamedQuery(name = "smartAuditSealedFrom", query = "select r from AuditRecordEntity r where r.realmId = :realmId "
                + "and r.sequence >= :from order by r.sequence"),
        @NamedQuery(name = "smartAuditBacklog", query = "select count(r) from AuditRecordEntity r where r.realmId = :realmId "
                + "and r.sequence > :after"),
        @NamedQuery(name = "smartAuditUnsealedCount", query = "select count(r) from AuditRecordEntity r "
                + "where r.realmId = :realmId and r.sequence is null"),
        @NamedQuery(name = "smartAuditPurgeThrough", query = "delete from AuditRecordEntity r where r.realmId = :realmId "
                + "and r.sequence <= :through"),
        @NamedQuery(name = "smartAuditLatestOfType", query = "select r from AuditRecordEntity r where r.realmId = :realmId "
                + "and r.eventType = :eventType order by r.createdAt desc"),
})
public class AuditRecordEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "EVENT_TYPE", length = 64)
    private String eventType;

    @Column(name = "USER_ID", length = 64)
    private String userId;

    @Column(name = "CLIENT_ID", length = 255)
    private String clientId;

    @Column(name = "PATIENT", length = 128)
    private String patient;

    @Column(name = "OUTCOME", nullable = false)
    private int outcome;

    @Column(name = "SEQ")
    private Long sequence;

    @Column(name = "PREV_HASH", length = 64)
    private String previousHash;

    @Column(name = "HASH", length = 64)
    private String hash;

    @Column(name = "PAYLOAD", nullable = false)
    private String payload;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(long createdAt) {
        this.createdAt = createdAt;
    }

    public String getEventType() {
        return eventType;
    }

    public void setEventType(String eventType) {
        this.eventType = eventType;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getPatient() {
        return patient;
    }

    public void setPatient(String patient) {
        this.patient = patient;
    }

    public int getOutcome() {
        return outcome;
    }

    public void setOutcome(int outcome) {
        this.outcome = outcome;
    }

    public Long getSequence() {
        return sequence;
    }

    public void setSequence(Long sequence) {
        this.sequence = sequence;
    }

    public String getPreviousHash() {
        return previousHash;
    }

    public void setPreviousHash(String previousHash) {
        this.previousHash = previousHash;
    }

    public String getHash() {
        return hash;
    }

    public void setHash(String hash) {
        this.hash = hash;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }
}
