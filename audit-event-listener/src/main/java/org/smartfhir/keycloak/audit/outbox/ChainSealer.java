package org.smartfhir.keycloak.audit.outbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;
import org.smartfhir.keycloak.audit.chain.ChainedRecord;
import org.smartfhir.keycloak.audit.chain.HashChain;

/**
 * Seals outbox records into their realm's hash chain, oldest first, a batch at a time. Runs on one node of the cluster
 * at a time (Keycloak's cluster-wide task lock), so the sequence has no gaps and no forks; the realm-and-sequence
 * unique key would refuse a second sealer anyway. Sealing after the fact rather than in the request keeps sign-ins
 * from queueing on a realm-wide lock; a record is unsealed for at most one interval.
 */
public final class ChainSealer implements ScheduledTask {

    static final int BATCH = 500;
    private static final Logger LOG = Logger.getLogger(ChainSealer.class);

    @Override
    public void run(KeycloakSession session) {
        session.getProvider(ClusterProvider.class).executeIfNotExecuted("smart-audit-sealer", 60, () -> {
            int sealed = seal(session);
            if (sealed > 0) {
                LOG.debugf("sealed %d audit records", sealed);
            }
            return sealed;
        });
    }

    /** Seals up to one batch in the session's transaction; returns how many. */
    public static int seal(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<AuditRecordEntity> unsealed = em.createNamedQuery("smartAuditUnsealed", AuditRecordEntity.class)
                .setMaxResults(BATCH).getResultList();
        Map<String, ChainHeadEntity> heads = new HashMap<>();
        for (AuditRecordEntity row : unsealed) {
            ChainHeadEntity head = heads.computeIfAbsent(row.getRealmId(), realmId -> head(em, realmId));
            // An empty head (sequence 0, the genesis hash) links the first record exactly as no predecessor would.
            ChainedRecord next = HashChain.next(new ChainedRecord(head.getSequence(), null, head.getHash(), null), row.getPayload());
            row.setSequence(next.sequence());
            row.setPreviousHash(next.previousHash());
            row.setHash(next.hash());
            head.setSequence(next.sequence());
            head.setHash(next.hash());
        }
        em.flush();
        return unsealed.size();
    }

    /** The realm's chain head, created empty (sequence 0) before its first record is sealed. */
    private static ChainHeadEntity head(EntityManager em, String realmId) {
        ChainHeadEntity head = em.find(ChainHeadEntity.class, realmId);
        if (head == null) {
            head = new ChainHeadEntity();
            head.setRealmId(realmId);
            head.setSequence(0);
            head.setHash(HashChain.GENESIS);
            em.persist(head);
        }
        return head;
    }

    /** A sealed row as the chain sees it. */
    public static ChainedRecord chained(AuditRecordEntity row) {
        return new ChainedRecord(row.getSequence(), row.getPreviousHash(), row.getHash(), row.getPayload());
    }

    @Override
    public String getTaskName() {
        return "smart-audit-sealer";
    }
}
