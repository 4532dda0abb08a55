package org.smartfhir.keycloak.audit.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.smartfhir.keycloak.audit.outbox.AuditRecordEntity;

/** Runs an {@link AuditQuery} against the outbox table of one realm, newest first. */
final class AuditSearch {

    record Page(List<AuditRecordEntity> rows, long total) {
    }

    private AuditSearch() {
    }

    static Page run(EntityManager em, String realmId, AuditQuery q) {
        StringBuilder where = new StringBuilder(" from AuditRecordEntity r where r.realmId = :realmId");
        if (q.patient() != null) {
            where.append(" and r.patient = :patient");
        }
        if (q.agent() != null) {
            where.append(" and r.userId = :agent");
        }
        if (q.client() != null) {
            where.append(" and r.clientId = :client");
        }
        if (q.fromMillis() != null) {
            where.append(" and r.createdAt >= :from");
        }
        if (q.toMillis() != null) {
            where.append(" and r.createdAt <= :to");
        }
        if (q.outcome() != null) {
            where.append(" and r.outcome = :outcome");
        }
        TypedQuery<AuditRecordEntity> rows = em.createQuery("select r" + where + " order by r.createdAt desc, r.id desc",
                AuditRecordEntity.class);
        TypedQuery<Long> count = em.createQuery("select count(r)" + where, Long.class);
        for (TypedQuery<?> query : List.of(rows, count)) {
            query.setParameter("realmId", realmId);
            if (q.patient() != null) {
                query.setParameter("patient", q.patient());
            }
            if (q.agent() != null) {
                query.setParameter("agent", q.agent());
            }
            if (q.client() != null) {
                query.setParameter("client", q.client());
            }
            if (q.fromMillis() != null) {
                query.setParameter("from", q.fromMillis());
            }
            if (q.toMillis() != null) {
                query.setParameter("to", q.toMillis());
            }
            if (q.outcome() != null) {
                query.setParameter("outcome", q.outcome());
            }
        }
        List<AuditRecordEntity> page = new ArrayList<>(rows.setFirstResult(q.offset()).setMaxResults(q.count()).getResultList());
        return new Page(page, count.getSingleResult());
    }
}
