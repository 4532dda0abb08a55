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
        Map<String, ChainedRecord> heads = new HashMap<>();
        for (AuditRecordEntity row : unsealed) {
            ChainedRecord head = heads.computeIfAbsent(row.getRealmId(), realmId -> lastSealed(em, realmId));
            ChainedRecord next = HashChain.next(head, row.getPayload());
            row.setSequence(next.sequence());
            row.setPreviousHash(next.previousHash());
            row.setHash(next.hash());
            heads.put(row.getRealmId(), next);
        }
        em.flush();
        return unsealed.size();
    }

    private static ChainedRecord lastSealed(EntityManager em, String realmId) {
        List<AuditRecordEntity> last = em.createNamedQuery("smartAuditLastSealed", AuditRecordEntity.class)
                .setParameter("realmId", realmId).setMaxResults(1).getResultList();
        return last.isEmpty() ? null : chained(last.get(0));
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
