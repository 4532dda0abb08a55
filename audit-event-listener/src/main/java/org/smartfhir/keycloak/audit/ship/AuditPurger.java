package org.smartfhir.keycloak.audit.ship;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.smartfhir.keycloak.audit.outbox.AuditOutbox;
import org.smartfhir.keycloak.audit.outbox.AuditRecordEntity;
import org.smartfhir.keycloak.audit.outbox.ChainAnchorEntity;
import org.smartfhir.keycloak.audit.outbox.SinkStateEntity;
import org.smartfhir.keycloak.audit.record.BalpMapper;
import org.smartfhir.keycloak.audit.record.EventFacts;

/**
 * Retention: deletes a realm's oldest records once they are older than the retention period <em>and</em> every
 * configured sink has confirmed them, so the only copy is never the one deleted. With no sink configured nothing is
 * purged (the database is then the only copy). Each purge moves the realm's chain anchor and is itself recorded
 * ({@code AUDIT_PURGE}, DICOM 110101 Audit Log Used, action D) with the range it removed and the hash the chain
 * continues from, so a compliance officer can tell a purge from a deletion.
 */
public final class AuditPurger {

    public static final String EVENT_TYPE = "AUDIT_PURGE";
    static final String TASK = "smart-audit-purge";
    private static final Logger LOG = Logger.getLogger(AuditPurger.class);
    private static final int BATCH = 1000;

    private final KeycloakSessionFactory factory;
    private final ShippingSettings settings;

    AuditPurger(KeycloakSessionFactory factory, ShippingSettings settings) {
        this.factory = factory;
        this.settings = settings;
    }

    void tick() {
        Optional<Instant> cutoff = settings.retention().cutoff(Instant.ofEpochMilli(Time.currentTimeMillis()));
        if (cutoff.isEmpty() || settings.sinks().isEmpty()) {
            return;
        }
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                .executeIfNotExecuted(TASK, 300, () -> {
                    List<String> realms = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                            s -> s.realms().getRealmsStream().map(RealmModel::getId).toList());
                    for (String realmId : realms) {
                        int purged;
                        do {
                            purged = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                                    s -> purge(s, realmId, cutoff.get().toEpochMilli()));
                        } while (purged == BATCH);
                    }
                    return null;
                }));
    }

    /** Purges up to one batch of the realm's oldest records; returns how many. */
    int purge(KeycloakSession session, String realmId, long cutoffMillis) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        long shippedEverywhere = Long.MAX_VALUE;
        for (String sink : settings.sinks()) {
            SinkStateEntity state = em.find(SinkStateEntity.class, SinkStateEntity.id(sink, realmId));
            shippedEverywhere = Math.min(shippedEverywhere, state == null ? 0 : state.getShippedSequence());
        }
        ChainAnchorEntity anchor = em.find(ChainAnchorEntity.class, realmId);
        long first = anchor == null ? 1 : anchor.getSequence() + 1;
        if (shippedEverywhere < first) {
            return 0;
        }
        List<AuditRecordEntity> oldest = em.createNamedQuery("smartAuditSealedFrom", AuditRecordEntity.class)
                .setParameter("realmId", realmId).setParameter("from", first).setMaxResults(BATCH).getResultList();
        AuditRecordEntity last = null;
        for (AuditRecordEntity row : oldest) {
            if (row.getSequence() > shippedEverywhere || row.getCreatedAt() >= cutoffMillis) {
                break;
            }
            last = row;
        }
        if (last == null) {
            return 0;
        }
        long through = last.getSequence();
        String hash = last.getHash();
        int purged = em.createNamedQuery("smartAuditPurgeThrough").setParameter("realmId", realmId)
                .setParameter("through", through).executeUpdate();
        long now = Time.currentTimeMillis();
        boolean firstPurge = anchor == null;
        if (firstPurge) {
            anchor = new ChainAnchorEntity();
            anchor.setRealmId(realmId);
        }
        anchor.setSequence(through);
        anchor.setHash(hash);
        anchor.setPurgedAt(now);
        if (firstPurge) {
            em.persist(anchor);
        }
        RealmModel realm = session.realms().getRealm(realmId);
        EventFacts facts = new EventFacts(false, EVENT_TYPE, null, now, UUID.randomUUID().toString(), realmId,
                realm == null ? null : realm.getName(), null, null, null, null, null, null, Map.of(), "AuditEvent",
                describe(first, through, hash, cutoffMillis), null, null, null, List.of(), null);
        AuditOutbox.write(session, BalpMapper.map(facts), now);
        LOG.infof("smart-audit: retention %s purged %d records (sequence %d..%d) of realm %s", settings.retention(), purged,
                first, through, realmId);
        return (int) Math.min(purged, BATCH);
    }

    /** The purge record's description; the chain verifier finds the anchor in it. */
    public static String describe(long first, long through, String hash, long cutoffMillis) {
        return "purged sequence " + first + ".." + through + " (recorded before " + Instant.ofEpochMilli(cutoffMillis)
                + ", shipped to every sink); chain continues after hash " + hash;
    }

    /** Whether a purge record's description names this anchor. */
    public static boolean names(String description, long through, String hash) {
        return description != null && description.contains(".." + through + " ")
                && description.endsWith("chain continues after hash " + hash);
    }
}
