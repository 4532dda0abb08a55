package org.smartfhir.keycloak.audit.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.smartfhir.keycloak.audit.outbox.AuditRecordEntity;

/** Runs an {@link AuditQuery} against the outbox table of one realm, newest first, from its cursor on. */
final class AuditSearch {

    /**
     * One page: its records, how many match the search in all (at the time of this page), and where the next page
     * starts, or null when this is the last.
     */
    record Page(List<AuditRecordEntity> rows, long total, AuditCursor next) {
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
        String page = q.cursor() == null ? ""
                : " and (r.createdAt < :cursorAt or (r.createdAt = :cursorAt and r.id < :cursorId))";
        TypedQuery<AuditRecordEntity> rows = em.createQuery("select r" + where + page
                + " order by r.createdAt desc, r.id desc", AuditRecordEntity.class);
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
        if (q.cursor() != null) {
            rows.setParameter("cursorAt", q.cursor().createdAt());
            rows.setParameter("cursorId", q.cursor().id());
        }
        List<AuditRecordEntity> found = new ArrayList<>(rows.setFirstResult(q.offset()).setMaxResults(q.count() + 1).getResultList());
        boolean more = found.size() > q.count();
        List<AuditRecordEntity> shown = more ? found.subList(0, q.count()) : found;
        AuditRecordEntity last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
        return new Page(shown, count.getSingleResult(), more ? AuditCursor.after(last.getCreatedAt(), last.getId()) : null);
    }
}
