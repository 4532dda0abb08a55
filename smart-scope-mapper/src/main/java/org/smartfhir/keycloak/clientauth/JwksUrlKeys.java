package org.smartfhir.keycloak.clientauth;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.keycloak.common.util.Time;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.PublicKeysWrapper;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.models.ClientModel;
import org.keycloak.util.JWKSUtils;
import org.keycloak.util.JsonSerialization;
import org.smartfhir.keycloak.http.BoundedGet;
import org.smartfhir.keycloak.http.CacheControl;
import org.smartfhir.keycloak.http.OutboundUrls;

/**
 * Signature keys of clients registered by JWKS URL, fetched as SMART requires rather than as Keycloak does: Keycloak
 * keeps a fetched set until an unknown {@code kid} appears (a removed key keeps working for up to a day) and ignores
 * {@code Cache-Control}; here the set lives only as long as its Cache-Control allows (requirement H31). The fetch is
 * bounded — https only (http on loopback), {@value #MAX_BYTES} bytes, {@link #TIMEOUT} for the whole exchange, no
 * redirects — because it runs while a token request waits and the URL is the client's to choose.
 */
final class JwksUrlKeys {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_BYTES = 256 * 1024;
    /** Without Cache-Control a set is reused for five minutes, the longest a client assertion lives. */
    static final long DEFAULT_LIFETIME_SECONDS = 300;
    /** Whatever Cache-Control says, a set is fetched again after an hour, so a removed key dies within the hour. */
    static final long MAX_LIFETIME_SECONDS = 3600;

    private final JwksCache<PublicKeysWrapper> cache = new JwksCache<>(1000);

    /**
     * The client's signature key with this {@code kid} (and {@code alg}, where keys share a kid), or empty.
     *
     * @throws IOException with a reason fit for the client when the JWKS URL is not allowed or cannot be fetched
     */
    Optional<KeyWrapper> key(ClientModel client, String jwksUrl, String kid, String alg) throws IOException {
        String cacheKey = client.getRealm().getId() + "|" + client.getId() + "|" + jwksUrl;
        PublicKeysWrapper keys = cache.keys(cacheKey, set -> set.getKeyByKidAndAlg(kid, alg) != null, Time.currentTime(),
                () -> fetch(jwksUrl));
        return Optional.ofNullable(keys.getKeyByKidAndAlg(kid, alg)).map(KeyWrapper::cloneKey);
    }

    private static JwksCache.Fetched<PublicKeysWrapper> fetch(String jwksUrl) throws IOException {
        if (!OutboundUrls.isHttpsOrLoopback(jwksUrl)) {
            throw new IOException("the client's JWKS URL must use https");
        }
        BoundedGet.Answer answer;
        try {
            answer = BoundedGet.fetch(jwksUrl, Map.of("Accept", "application/jwk-set+json, application/json"), TIMEOUT, MAX_BYTES);
        } catch (BoundedGet.Failure e) {
            throw new IOException("the client's JWKS URL could not be fetched: " + e.getMessage());
        }
        if (answer.status() != 200) {
            throw new IOException("the client's JWKS URL answered HTTP " + answer.status());
        }
        JSONWebKeySet set;
        try {
            set = JsonSerialization.readValue(answer.body(), JSONWebKeySet.class);
        } catch (IOException | RuntimeException e) {
            throw new IOException("the client's JWKS URL did not return a JSON Web Key Set");
        }
        if (set == null || set.getKeys() == null) {
            throw new IOException("the client's JWKS URL did not return a JSON Web Key Set");
        }
        PublicKeysWrapper keys;
        try {
            keys = JWKSUtils.getKeyWrappersForUse(set, JWK.Use.SIG, true);
        } catch (RuntimeException e) {
            throw new IOException("the client's JWKS holds a key that cannot be read");
        }
        long lifetime = CacheControl.lifetimeSeconds(answer.header("Cache-Control").orElse(null),
                DEFAULT_LIFETIME_SECONDS, MAX_LIFETIME_SECONDS);
        return new JwksCache.Fetched<>(keys, lifetime);
    }
}
