package org.smartfhir.keycloak.audit.outbox;

import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;
import org.smartfhir.keycloak.audit.chain.ChainedRecord;
import org.smartfhir.keycloak.audit.chain.HashChain;

/**
 * Seals outbox records into their realm's hash chain, oldest first, a batch at a time.
 *
 * <p>Two guards keep the sequence free of gaps and forks, and the second alone would suffice. Keycloak's cluster-wide
 * task lock lets one node seal at a time, and the sealing transaction commits <em>inside</em> that lock: a timer task's
 * own transaction commits only after the task returns, that is after the lock is released, so another node could read
 * the records as still unsealed and the head as already advanced — and number them again, one past a sequence that then
 * belongs to no record. And the realm's head row is read {@code FOR UPDATE} before its unsealed records are read, so a
 * second sealer (a lock entry that expired, a node that lost the cluster view) waits for the first to commit and then
 * sees its records as sealed. Sealing after the fact rather than in the request keeps sign-ins from queueing on a
 * realm-wide lock; a record is unsealed for at most one interval.
 */
public final class ChainSealer implements ScheduledTask {

    static final int BATCH = 500;
    private static final String TASK = "smart-audit-sealer";
    private static final Logger LOG = Logger.getLogger(ChainSealer.class);

    @Override
    public void run(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getProvider(ClusterProvider.class).executeIfNotExecuted(TASK, 60, () -> {
            int sealed = KeycloakModelUtils.runJobInTransactionWithResult(factory, ChainSealer::seal);
            if (sealed > 0) {
                LOG.debugf("sealed %d audit records", sealed);
            }
            return sealed;
        });
    }

    /** Seals up to one batch in the session's transaction; returns how many. */
    public static int seal(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<String> realms = em.createNamedQuery("smartAuditUnsealedRealms", String.class).getResultList();
        int sealed = 0;
        for (String realmId : realms) {
            if (sealed >= BATCH) {
                break;
            }
            ChainHeadEntity head = lockedHead(em, realmId);
            // Read only now that the head is ours: what an earlier sealer committed is sealed in this read.
            List<AuditRecordEntity> unsealed = em.createNamedQuery("smartAuditUnsealedInRealm", AuditRecordEntity.class)
                    .setParameter("realmId", realmId).setMaxResults(BATCH - sealed).getResultList();
            for (AuditRecordEntity row : unsealed) {
                // An empty head (sequence 0, the genesis hash) links the first record exactly as no predecessor would.
                ChainedRecord next = HashChain.next(new ChainedRecord(head.getSequence(), null, head.getHash(), null),
                        row.getPayload());
                row.setSequence(next.sequence());
                row.setPreviousHash(next.previousHash());
                row.setHash(next.hash());
                head.setSequence(next.sequence());
                head.setHash(next.hash());
            }
            sealed += unsealed.size();
        }
        em.flush();
        return sealed;
    }

    /**
     * The realm's chain head, locked until this transaction ends; created empty (sequence 0) before the realm's first
     * record is sealed. Two first sealers of one realm both insert it: the second fails on the key and seals next time.
     */
    private static ChainHeadEntity lockedHead(EntityManager em, String realmId) {
        ChainHeadEntity head = em.find(ChainHeadEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        if (head == null) {
            head = new ChainHeadEntity();
            head.setRealmId(realmId);
            head.setSequence(0);
            head.setHash(HashChain.GENESIS);
            em.persist(head);
            em.flush();
        }
        return head;
    }

    /** A sealed row as the chain sees it. */
    public static ChainedRecord chained(AuditRecordEntity row) {
        return new ChainedRecord(row.getSequence(), row.getPreviousHash(), row.getHash(), row.getPayload());
    }

    @Override
    public String getTaskName() {
        return TASK;
    }
}
