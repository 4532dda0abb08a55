package org.smartfhir.keycloak.clientauth;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The key sets fetched from clients' JWKS URLs, each kept no longer than its {@code Cache-Control} allowed (SMART
 * requirement H31: a rotated key works at once, a retired one stops working). Two limits stop a forged assertion —
 * which anyone can send, naming any client — from turning Keycloak into a fetch amplifier against the client's key
 * server: an unknown {@code kid} refetches a still-fresh set at most every {@value #REFETCH_FLOOR_SECONDS} seconds
 * (Keycloak's own rule for key lookups), and a failed fetch is not retried for that long either. Fetches for one
 * client never run in parallel.
 *
 * <p>Node-local by design, like Keycloak's own {@code keys} cache: every node honours the same Cache-Control, so they
 * agree without sharing state, and nothing here must survive a restart.
 *
 * @param <K> the parsed key set
 */
final class JwksCache<K> {

    static final long REFETCH_FLOOR_SECONDS = 10;

    /** Fetches and parses a key set; the lifetime is what its Cache-Control allows, in seconds. */
    interface Fetch<K> {
        Fetched<K> fetch() throws IOException;
    }

    record Fetched<K>(K keys, long lifetimeSeconds) {
    }

    private static final class Slot<K> {
        K keys;
        long fetchedAt = Long.MIN_VALUE / 2;
        long expiresAt = Long.MIN_VALUE / 2;
        long failedAt = Long.MIN_VALUE / 2;
        String failure;
    }

    private final Map<String, Slot<K>> slots;

    JwksCache(int capacity) {
        this.slots = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Slot<K>> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The key set for {@code cacheKey}: the cached one while it is fresh and has the wanted key, else a new fetch
     * within the limits above.
     *
     * @param hasWantedKey whether a key set contains the key the assertion names
     * @param now          the current time in epoch seconds
     * @throws IOException when the set cannot be fetched, or a fetch failed less than the floor ago
     */
    K keys(String cacheKey, Predicate<K> hasWantedKey, long now, Fetch<K> fetch) throws IOException {
        Slot<K> slot;
        synchronized (slots) {
            slot = slots.computeIfAbsent(cacheKey, k -> new Slot<>());
        }
        synchronized (slot) {
            boolean fresh = slot.keys != null && now < slot.expiresAt;
            if (fresh && (hasWantedKey.test(slot.keys) || now < slot.fetchedAt + REFETCH_FLOOR_SECONDS)) {
                return slot.keys;
            }
            if (now < slot.failedAt + REFETCH_FLOOR_SECONDS) {
                throw new IOException(slot.failure);
            }
            try {
                Fetched<K> fetched = fetch.fetch();
                slot.keys = fetched.keys();
                slot.fetchedAt = now;
                slot.expiresAt = now + Math.max(0, fetched.lifetimeSeconds());
                slot.failedAt = Long.MIN_VALUE / 2;
                return slot.keys;
            } catch (IOException | RuntimeException e) {
                slot.keys = null; // a set we could not confirm is not used past its lifetime, nor after a failure
                slot.failedAt = now;
                slot.failure = e instanceof IOException && e.getMessage() != null ? e.getMessage() : "JWKS fetch failed";
                throw new IOException(slot.failure, e);
            }
        }
    }
}
