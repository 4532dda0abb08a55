package org.smartfhir.keycloak.bench.load;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;

/**
 * A SMART Backend Services client ({@code client_credentials} with an RS384 {@code private_key_jwt} assertion) as the
 * load generator drives it. Assertions, each with its own {@code jti}, are signed ahead of a phase, so the measured
 * loop holds only the HTTP exchange.
 */
public final class BackendClient {

    private final String clientId;
    private final String tokenEndpoint;
    private final RSAKey key;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ConcurrentLinkedQueue<String> signed = new ConcurrentLinkedQueue<>();

    public BackendClient(String realmUrl, String clientId) {
        this.clientId = clientId;
        this.tokenEndpoint = realmUrl + "/protocol/openid-connect/token";
        try {
            this.key = new RSAKeyGenerator(2048).keyID("bench-" + clientId).keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS384).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Registers the client in {@code realm}: with a SMART ceiling on the pack, as a plain client-jwt client on stock. */
    public void register(KeycloakAdmin admin, String realm, String smartCeiling) {
        Map<String, Object> attributes = new java.util.HashMap<>(Map.of("use.jwks.string", "true",
                "jwks.string", new JWKSet(key.toPublicJWK()).toString(), "use.jwks.url", "false"));
        if (smartCeiling != null) {
            attributes.put("smart.scope.ceiling", smartCeiling);
        }
        HttpResponse<String> created = admin.post("/realms/" + realm + "/clients", Map.of("clientId", clientId,
                "publicClient", false, "clientAuthenticatorType", "client-jwt", "standardFlowEnabled", false,
                "serviceAccountsEnabled", true, "attributes", attributes));
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("creating client " + clientId + " -> " + created.statusCode() + ": " + created.body());
        }
    }

    /** Signs {@code count} fresh assertions (valid for four minutes) on all cores. */
    public void prepare(int count) {
        signed.clear();
        List<String> batch = IntStream.range(0, count).parallel().mapToObj(i -> sign()).toList();
        signed.addAll(batch);
    }

    private String sign() {
        long now = System.currentTimeMillis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(tokenEndpoint)
                .jwtID(UUID.randomUUID().toString()).issueTime(new Date(now)).expirationTime(new Date(now + 240_000)).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One token request with the next prepared assertion; true when a token came back. */
    public boolean token(String scope) throws Exception {
        String assertion = signed.poll();
        if (assertion == null) {
            throw new java.util.NoSuchElementException("ran out of prepared assertions");
        }
        String form = "grant_type=client_credentials&client_assertion_type="
                + URLEncoder.encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", StandardCharsets.UTF_8)
                + "&client_assertion=" + assertion + (scope == null ? "" : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200;
    }
}
