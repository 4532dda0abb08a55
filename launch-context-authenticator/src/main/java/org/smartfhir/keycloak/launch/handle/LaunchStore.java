package org.smartfhir.keycloak.launch.handle;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.smartfhir.keycloak.launch.context.LaunchContext;

/**
 * Launch handles in Keycloak's cluster-wide single-use store ({@code session.singleUseObjects()}, the replicated
 * {@code actionTokens} cache), so a handle minted through one node is consumed through any other, exactly once.
 */
public final class LaunchStore {

    /** Realm attribute: how long a minted handle stays usable, in seconds (default 300, at most 3600). */
    public static final String TTL_ATTRIBUTE = "smart.launch.ttl.seconds";
    public static final int DEFAULT_TTL = 300;
    static final int MIN_TTL = 10;
    static final int MAX_TTL = 3600;

    private static final String CLIENT_ID = "client_id";
    private static final String USER_ID = "user_id";
    private static final String CONTEXT = "context";

    /** What a consumed handle carried. {@code userId} is {@code null} when the launch is not bound to a user. */
    public record Launch(String clientId, String userId, LaunchContext context) {
    }

    private final KeycloakSession session;

    public LaunchStore(KeycloakSession session) {
        this.session = session;
    }

    /** Stores the launch (visible once the request's transaction commits) and returns the handle. */
    public String mint(RealmModel realm, Launch launch, int ttlSeconds) {
        String handle = LaunchHandle.mint();
        Map<String, String> notes = new HashMap<>();
        notes.put(CLIENT_ID, launch.clientId());
        if (launch.userId() != null) {
            notes.put(USER_ID, launch.userId());
        }
        notes.put(CONTEXT, launch.context().toJson());
        session.singleUseObjects().put(LaunchHandle.storeKey(realm.getId(), handle), ttlSeconds, notes);
        return handle;
    }

    /**
     * Removes and returns the launch if it was minted for {@code clientId}. A handle of another client is left alone,
     * so a client that learns it cannot burn it. The store's {@code remove} is atomic across the cluster: of two
     * requests racing with the same handle, one gets the launch and the other nothing.
     */
    public Optional<Launch> consume(RealmModel realm, String handle, String clientId) {
        if (!LaunchHandle.wellFormed(handle)) {
            return Optional.empty();
        }
        String key = LaunchHandle.storeKey(realm.getId(), handle);
        Map<String, String> peek = session.singleUseObjects().get(key);
        if (peek == null || !clientId.equals(peek.get(CLIENT_ID))) {
            return Optional.empty();
        }
        Map<String, String> notes = session.singleUseObjects().remove(key);
        if (notes == null || notes.get(CLIENT_ID) == null) {
            return Optional.empty();
        }
        return LaunchContext.fromJson(notes.get(CONTEXT))
                .map(context -> new Launch(notes.get(CLIENT_ID), notes.get(USER_ID), context));
    }

    /** The realm's handle lifetime; a garbled setting falls back to the default rather than to something longer. */
    public static int ttl(RealmModel realm) {
        String value = realm.getAttribute(TTL_ATTRIBUTE);
        if (value == null || value.isBlank()) {
            return DEFAULT_TTL;
        }
        try {
            return Math.max(MIN_TTL, Math.min(MAX_TTL, Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            return DEFAULT_TTL;
        }
    }
}
