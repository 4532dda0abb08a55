package org.smartfhir.keycloak.audit.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * How far one sink has got with one realm's records, and how it is doing: kept in the database so that whichever node
 * ships next continues from the same place, and every node can answer the backlog endpoint.
 */
@Entity
@Table(name = "SMART_AUDIT_SINK_STATE")
public class SinkStateEntity {

    @Id
    @Column(name = "ID", length = 110)
    private String id;

    @Column(name = "SINK", length = 64, nullable = false)
    private String sink;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** Highest sequence the sink confirmed; records up to it are never offered to the sink again. */
    @Column(name = "SHIPPED_SEQ", nullable = false)
    private long shippedSequence;

    @Column(name = "FAILURES", nullable = false)
    private int failures;

    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    private long nextAttemptAt;

    @Column(name = "FAILING_SINCE")
    private Long failingSince;

    @Column(name = "LAST_SUCCESS_AT")
    private Long lastSuccessAt;

    @Column(name = "LAST_ERROR", length = 512)
    private String lastError;

    public static String id(String sink, String realmId) {
        return sink + "/" + realmId;
    }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getSink() { return sink; }
    public void setSink(String sink) { this.sink = sink; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public long getShippedSequence() { return shippedSequence; }
    public void setShippedSequence(long shippedSequence) { this.shippedSequence = shippedSequence; }
    public int getFailures() { return failures; }
    public void setFailures(int failures) { this.failures = failures; }
    public long getNextAttemptAt() { return nextAttemptAt; }
    public void setNextAttemptAt(long nextAttemptAt) { this.nextAttemptAt = nextAttemptAt; }
    public Long getFailingSince() { return failingSince; }
    public void setFailingSince(Long failingSince) { this.failingSince = failingSince; }
    public Long getLastSuccessAt() { return lastSuccessAt; }
    public void setLastSuccessAt(Long lastSuccessAt) { this.lastSuccessAt = lastSuccessAt; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
}
