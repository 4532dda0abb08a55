package org.smartfhir.keycloak.audit.ship;

import java.io.IOException;
import java.util.List;

/**
 * A destination for sealed audit records. The shipper hands a sink each realm's records in sequence order, starting
 * after {@link #resumeAfter}, and moves the realm's cursor to what {@link #deliver} confirms; anything not confirmed is
 * offered again (at least once; every copy carries the record id for de-duplication). A sink is used by one thread.
 */
public interface AuditSink extends AutoCloseable {

    /** Kebab-case name, used in settings, logs, the backlog endpoint and the cursor table. */
    String name();

    /**
     * Where to continue for a realm whose confirmed cursor is {@code confirmed}. A sink that has written records it has
     * not confirmed yet (syslog, see {@link SyslogTlsSink}) continues after those, not after the cursor.
     */
    default long resumeAfter(String realmId, long confirmed) {
        return confirmed;
    }

    /** Whether the sink has written records of the realm it still has to confirm, so an idle tick must call it. */
    default boolean pending(String realmId) {
        return false;
    }

    /**
     * Writes a batch (possibly empty) of one realm's records, in sequence order, and returns the highest sequence now
     * known to be durable at the destination ({@code confirmed} if none). Throws when the destination failed; records
     * written before the failure and not confirmed are offered again.
     */
    long deliver(String realmId, List<ShippedRecord> batch, long confirmed) throws IOException;

    @Override
    void close();
}
