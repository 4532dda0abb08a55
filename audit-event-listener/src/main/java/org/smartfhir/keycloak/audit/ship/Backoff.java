package org.smartfhir.keycloak.audit.ship;

/**
 * How long a sink that keeps failing is left alone: doubling from {@code first} up to {@code max}. A down SIEM then
 * costs one connection attempt per interval instead of one per shipping tick, and a sink that comes back is retried
 * within {@code max}. No jitter: one node ships at a time (the cluster task lock), so there is no herd to spread.
 */
public record Backoff(long firstMillis, long maxMillis) {

    public Backoff {
        if (firstMillis < 1 || maxMillis < firstMillis) {
            throw new IllegalArgumentException("backoff needs 1 <= first <= max, got " + firstMillis + ", " + maxMillis);
        }
    }

    /** The wait after the {@code failures}-th consecutive failure (1 = the first). */
    public long delayMillis(int failures) {
        if (failures <= 0) {
            return 0;
        }
        int doublings = Math.min(failures - 1, 40);
        long delay = firstMillis << doublings;
        return delay <= 0 || delay > maxMillis ? maxMillis : delay;
    }
}
