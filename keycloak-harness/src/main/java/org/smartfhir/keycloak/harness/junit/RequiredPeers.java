package org.smartfhir.keycloak.harness.junit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;

/**
 * What a suite does when a real peer it needs (PostgreSQL, Chromium, a second cluster node, Node.js, OpenLDAP) is not
 * there. On a developer's machine it skips with a printed reason, so {@code mvn -B verify} works without PostgreSQL.
 * In CI a skipped suite would let the build be green without having run, so {@code -Dsmart.it.require=postgres,chromium}
 * names the peers that must be present, and their absence fails the test instead.
 *
 * <p>Only for a missing peer: a suite that by design runs in the other database execution still skips.
 */
public final class RequiredPeers {

    /** System property listing the peers whose absence fails a test: comma-separated, or {@code all}. */
    public static final String PROPERTY = "smart.it.require";

    private RequiredPeers() {
    }

    /**
     * Ends the calling test because {@code peer} is unavailable: a failure when the run requires it, a skip otherwise.
     * Never returns normally.
     */
    public static void unavailable(String peer, String reason) {
        if (required(peer)) {
            String message = "REQUIRED PEER MISSING (" + PROPERTY + " names '" + peer + "'): " + reason;
            System.out.println(message);
            throw new AssertionError(message);
        }
        String message = "SKIPPED: " + reason;
        System.out.println(message);
        Assumptions.abort(message);
    }

    /** Whether this run was told that {@code peer} must be present. */
    public static boolean required(String peer) {
        Set<String> names = Arrays.stream(System.getProperty(PROPERTY, "").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return names.contains("all") || names.contains(peer.toLowerCase(Locale.ROOT));
    }
}
