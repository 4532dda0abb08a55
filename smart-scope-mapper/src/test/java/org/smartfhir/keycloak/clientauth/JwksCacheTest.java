package org.smartfhir.keycloak.clientauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

import org.junit.jupiter.api.Test;

class JwksCacheTest {

    /** A key server whose answers the test scripts; counts fetches. */
    private static final class KeyServer implements JwksCache.Fetch<Set<String>> {
        final Deque<Object> answers = new ArrayDeque<>();
        int fetches;

        KeyServer then(Set<String> kids, long lifetime) {
            answers.add(new JwksCache.Fetched<>(kids, lifetime));
            return this;
        }

        KeyServer thenFail() {
            answers.add(new IOException("the client's JWKS URL answered HTTP 503"));
            return this;
        }

        @SuppressWarnings("unchecked")
        @Override
        public JwksCache.Fetched<Set<String>> fetch() throws IOException {
            fetches++;
            Object next = answers.size() > 1 ? answers.poll() : answers.peek();
            if (next instanceof IOException e) {
                throw e;
            }
            return (JwksCache.Fetched<Set<String>>) next;
        }
    }

    private final JwksCache<Set<String>> cache = new JwksCache<>(100);

    private Set<String> lookup(String kid, long now, KeyServer server) throws IOException {
        return cache.keys("client", set -> set.contains(kid), now, server);
    }

    @Test
    void maxAgeZeroFetchesEveryTimeSoARetiredKeyFailsAtOnce() throws IOException {
        KeyServer server = new KeyServer().then(Set.of("old"), 0).then(Set.of("new"), 0);
        assertEquals(Set.of("old"), lookup("old", 1000, server));
        assertEquals(Set.of("new"), lookup("new", 1000, server));
        assertEquals(Set.of("new"), lookup("old", 1000, server), "the old key is gone from the fresh answer");
        assertEquals(3, server.fetches);
    }

    @Test
    void aFreshSetIsReusedUntilItsLifetimeEnds() throws IOException {
        KeyServer server = new KeyServer().then(Set.of("a"), 60).then(Set.of("b"), 60);
        lookup("a", 1000, server);
        lookup("a", 1059, server);
        assertEquals(1, server.fetches);
        assertEquals(Set.of("b"), lookup("a", 1060, server), "expired at 1060: fetched again");
        assertEquals(2, server.fetches);
    }

    @Test
    void anUnknownKidRefetchesAFreshSetButAtMostEveryTenSeconds() throws IOException {
        KeyServer server = new KeyServer().then(Set.of("a"), 600).then(Set.of("a", "b"), 600);
        lookup("a", 1000, server);
        assertEquals(Set.of("a"), lookup("b", 1005, server), "within the floor: no fetch for a forged kid");
        assertEquals(1, server.fetches);
        assertEquals(Set.of("a", "b"), lookup("b", 1010, server));
        assertEquals(2, server.fetches);
    }

    @Test
    void aFailedFetchIsNotRetriedWithinTheFloorAndNoStaleSetIsUsed() throws IOException {
        KeyServer server = new KeyServer().then(Set.of("a"), 30).thenFail().then(Set.of("a"), 30);
        lookup("a", 1000, server);
        IOException first = assertThrows(IOException.class, () -> lookup("a", 1030, server));
        assertEquals("the client's JWKS URL answered HTTP 503", first.getMessage());
        assertThrows(IOException.class, () -> lookup("a", 1035, server), "no retry for 10 s, and the expired set is not used");
        assertEquals(2, server.fetches);
        assertEquals(Set.of("a"), lookup("a", 1040, server));
        assertEquals(3, server.fetches);
    }

    @Test
    void clientsDoNotShareSets() throws IOException {
        KeyServer one = new KeyServer().then(Set.of("k"), 600);
        KeyServer two = new KeyServer().then(Set.of("k2"), 600);
        cache.keys("client-1", set -> set.contains("k"), 1000, one);
        assertEquals(Set.of("k2"), cache.keys("client-2", set -> set.contains("k"), 1000, two));
    }

    @Test
    void theCacheIsBounded() throws IOException {
        JwksCache<Set<String>> small = new JwksCache<>(2);
        KeyServer server = new KeyServer().then(Set.of("k"), 600);
        small.keys("c1", set -> true, 1000, server);
        small.keys("c2", set -> true, 1000, server);
        small.keys("c3", set -> true, 1000, server);
        small.keys("c1", set -> true, 1000, server);
        assertEquals(4, server.fetches, "c1 was evicted when c3 arrived");
    }
}
