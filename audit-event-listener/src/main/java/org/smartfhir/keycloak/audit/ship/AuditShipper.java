package org.smartfhir.keycloak.audit.ship;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.smartfhir.keycloak.audit.outbox.AuditRecordEntity;
import org.smartfhir.keycloak.audit.outbox.SinkStateEntity;
import org.smartfhir.keycloak.audit.record.AuditText;

/**
 * Drains the sealed outbox to the configured sinks. One node of the cluster ships at a time (Keycloak's cluster-wide
 * task lock); where each sink stands with each realm, and its backoff, is in the database, so another node continues
 * where a dead one stopped. Sink I/O happens outside any database transaction and on the shipper's own thread, never on
 * a request thread or Keycloak's shared timer: a down or slow sink costs sign-ins nothing.
 *
 * <p>A failing sink is retried with exponential backoff; its backlog grows in the table and is reported in the log
 * (at the first failure and then once a minute) and at {@code GET /realms/{realm}/smart-audit/shipping}.
 */
public final class AuditShipper {

    static final String TASK = "smart-audit-shipper";
    private static final Logger LOG = Logger.getLogger(AuditShipper.class);
    private static final int LOCK_SECONDS = 120;
    private static final long DRAIN_BUDGET_MILLIS = 20_000;
    private static final long WARN_EVERY_MILLIS = 60_000;

    private final KeycloakSessionFactory factory;
    private final ShippingSettings settings;
    private final List<AuditSink> sinks;
    private final AuditPurger purger;
    private final Map<String, Long> lastWarned = new HashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, TASK);
        t.setDaemon(true);
        return t;
    });

    public AuditShipper(KeycloakSessionFactory factory, ShippingSettings settings, List<AuditSink> sinks) {
        this.factory = factory;
        this.settings = settings;
        this.sinks = List.copyOf(sinks);
        this.purger = new AuditPurger(factory, settings);
    }

    public void start() {
        thread.scheduleWithFixedDelay(() -> guarded(this::tick), settings.shipIntervalMillis(),
                settings.shipIntervalMillis(), TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(() -> guarded(purger::tick), settings.purgeIntervalMillis(),
                settings.purgeIntervalMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("smart-audit: shipping to %s every %d ms; retention %s (records are purged only once every sink has "
                + "them)", settings.sinks(), settings.shipIntervalMillis(), settings.retention());
        settings.retention().problem().ifPresent(LOG::error);
    }

    public void stop() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sinks.forEach(AuditSink::close);
    }

    /** A scheduled task that throws is never run again: log and carry on. */
    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "smart-audit: shipping or retention run failed; it runs again at the next interval");
        }
    }

    private void tick() {
        KeycloakModelUtils.runJobInTransaction(factory, session -> session.getProvider(ClusterProvider.class)
                .executeIfNotExecuted(TASK, LOCK_SECONDS, () -> {
                    shipAll();
                    return null;
                }));
    }

    private void shipAll() {
        List<String> realms = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> session.realms().getRealmsStream().map(RealmModel::getId).toList());
        for (AuditSink sink : sinks) {
            for (String realmId : realms) {
                ship(sink, realmId);
            }
        }
    }

    private void ship(AuditSink sink, String realmId) {
        long deadline = System.nanoTime() + DRAIN_BUDGET_MILLIS * 1_000_000; // a budget of elapsed time, not a date
        while (true) {
            // The sink's standing and its next batch, read in one transaction.
            Step step = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                State state = State.of(state(s, sink.name(), realmId));
                if (Time.currentTimeMillis() < state.nextAttemptAt()) {
                    return null;
                }
                return new Step(state, read(s, realmId, sink.resumeAfter(realmId, state.shipped())));
            });
            if (step == null || step.batch().isEmpty() && !sink.pending(realmId)) {
                return;
            }
            State state = step.state();
            long confirmed;
            try {
                confirmed = sink.deliver(realmId, step.batch(), state.shipped());
            } catch (IOException | RuntimeException e) {
                failed(sink, realmId, state, e);
                return;
            }
            if (confirmed > state.shipped() || state.failures() > 0) {
                KeycloakModelUtils.runJobInTransaction(factory, s -> {
                    SinkStateEntity row = state(s, sink.name(), realmId);
                    row.setShippedSequence(Math.max(row.getShippedSequence(), confirmed));
                    row.setFailures(0);
                    row.setNextAttemptAt(0);
                    row.setFailingSince(null);
                    row.setLastError(null);
                    row.setLastSuccessAt(Time.currentTimeMillis());
                });
                if (state.failures() > 0) {
                    LOG.infof("smart-audit: sink %s is delivering again for realm %s after %d s; shipping its backlog",
                            sink.name(), realmId, (Time.currentTimeMillis() - state.failingSince()) / 1000);
                    lastWarned.remove(sink.name() + "/" + realmId);
                }
            }
            if (step.batch().size() < settings.batchSize() || System.nanoTime() - deadline > 0) {
                return;
            }
        }
    }

    private void failed(AuditSink sink, String realmId, State state, Exception e) {
        String error = AuditText.clean(e.getClass().getSimpleName() + ": " + e.getMessage(), 500);
        long now = Time.currentTimeMillis();
        int failures = state.failures() + 1;
        long wait = settings.backoff().delayMillis(failures);
        String key = sink.name() + "/" + realmId;
        Long warned = lastWarned.get(key);
        boolean warn = warned == null || now - warned >= WARN_EVERY_MILLIS;
        // The backlog is counted only for the log line, which is written at most once a minute.
        long backlog = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            SinkStateEntity row = state(s, sink.name(), realmId);
            row.setFailures(failures);
            row.setNextAttemptAt(now + wait);
            if (row.getFailingSince() == null) {
                row.setFailingSince(now);
            }
            row.setLastError(error);
            return warn ? backlog(s, realmId, row.getShippedSequence()) : 0L;
        });
        if (warn) {
            lastWarned.put(key, now);
            LOG.warnf("smart-audit: sink %s is failing for realm %s: %d records waiting, %d failures in a row; next attempt "
                    + "in %d ms; last error: %s", sink.name(), realmId, backlog, failures, wait, error);
        }
    }

    private List<ShippedRecord> read(KeycloakSession session, String realmId, long after) {
        List<ShippedRecord> batch = new ArrayList<>();
        for (AuditRecordEntity row : em(session).createNamedQuery("smartAuditSealedFrom", AuditRecordEntity.class)
                .setParameter("realmId", realmId).setParameter("from", after + 1)
                .setMaxResults(settings.batchSize()).getResultList()) {
            batch.add(new ShippedRecord(row.getId(), row.getRealmId(), row.getSequence(), row.getPreviousHash(),
                    row.getHash(), row.getPayload()));
        }
        return batch;
    }

    /** The sink's row for the realm, created at sequence 0 (a newly configured sink receives the whole history). */
    public static SinkStateEntity state(KeycloakSession session, String sink, String realmId) {
        EntityManager em = em(session);
        SinkStateEntity row = em.find(SinkStateEntity.class, SinkStateEntity.id(sink, realmId));
        if (row == null) {
            row = new SinkStateEntity();
            row.setId(SinkStateEntity.id(sink, realmId));
            row.setSink(sink);
            row.setRealmId(realmId);
            em.persist(row);
        }
        return row;
    }

    /** Sealed records after {@code shipped} plus records not sealed yet: what the sink still has to receive. */
    public static long backlog(KeycloakSession session, String realmId, long shipped) {
        EntityManager em = em(session);
        long sealed = em.createNamedQuery("smartAuditBacklog", Long.class).setParameter("realmId", realmId)
                .setParameter("after", shipped).getSingleResult();
        long unsealed = em.createNamedQuery("smartAuditUnsealedCount", Long.class).setParameter("realmId", realmId)
                .getSingleResult();
        return sealed + unsealed;
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public ShippingSettings settings() {
        return settings;
    }

    /** A sink's row as read at the start of a step; {@code failingSince} is set whenever {@code failures > 0}. */
    private record State(long shipped, int failures, long nextAttemptAt, Long failingSince) {
        static State of(SinkStateEntity row) {
            return new State(row.getShippedSequence(), row.getFailures(), row.getNextAttemptAt(), row.getFailingSince());
        }
    }

    private record Step(State state, List<ShippedRecord> batch) {
    }
}
