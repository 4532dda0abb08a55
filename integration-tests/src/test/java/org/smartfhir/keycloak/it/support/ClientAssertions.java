package org.smartfhir.keycloak.it.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;

/**
 * A SMART backend service's side of {@code private_key_jwt}: an RSA and a P-384 key pair, signed client assertions
 * (RS384 / ES384) built with every knob the negative tests need, and the client_credentials request.
 */
public final class ClientAssertions {

    public static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final String clientId;
    private final String tokenEndpoint;
    private final RSAKey rsa;
    private final ECKey ec;

    public ClientAssertions(String clientId, String tokenEndpoint) {
        this(clientId, tokenEndpoint, "");
    }

    /** A key generation of the client: new key pairs whose kids end in {@code kidSuffix}, as after a key rotation. */
    public ClientAssertions(String clientId, String tokenEndpoint, String kidSuffix) {
        this.clientId = clientId;
        this.tokenEndpoint = tokenEndpoint;
        try {
            // Keycloak looks client keys up by kid among the JWKS entries marked for signatures.
            this.rsa = new RSAKeyGenerator(2048).keyID(clientId + "-rsa" + kidSuffix).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS384).generate();
            this.ec = new ECKeyGenerator(Curve.P_384).keyID(clientId + "-ec" + kidSuffix).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES384).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public RSAKey rsa() {
        return rsa;
    }

    public ECKey ec() {
        return ec;
    }

    /** The public keys as the client registers them. */
    public String publicJwks() {
        return new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec.toPublicJWK())).toString();
    }

    /** Claims SMART clients typically send: iss = sub = client_id, aud = token URL, exp in 4 minutes, a fresh jti. */
    public JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(tokenEndpoint)
                .expirationTime(new Date(System.currentTimeMillis() + 240_000)).jwtID(UUID.randomUUID().toString());
    }

    public JWSHeader.Builder header(JWSAlgorithm alg) {
        String kid = JWSAlgorithm.Family.EC.contains(alg) ? ec.getKeyID() : rsa.getKeyID();
        return new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT);
    }

    public String sign(JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(JWSAlgorithm.Family.EC.contains(header.getAlgorithm()) ? new ECDSASigner(ec) : new RSASSASigner(rsa));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An RS384 assertion with exactly this JOSE header and payload JSON, signed over their base64url forms as RFC 7515
     * §5.1 says: for headers no JOSE library would write ({@code null}, {@code crit}, {@code b64:false}, a CR/LF kid).
     */
    public String signRaw(String headerJson, String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs384 = Signature.getInstance("SHA384withRSA");
            rs384.initSign(rsa.toPrivateKey());
            rs384.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(rs384.sign());
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An RS384 assertion with the usual claims, after {@code change} adjusted them. */
    public String rs384(Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = claims();
        change.accept(claims);
        return sign(header(JWSAlgorithm.RS384).build(), claims.build());
    }

    /** client_credentials with this assertion; {@code scope} may be {@code null} (the client's default scopes). */
    public Response token(String assertion, String scope) {
        var request = given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .formParam("client_assertion_type", TYPE).formParam("client_assertion", assertion);
        if (scope != null) {
            request.formParam("scope", scope);
        }
        return request.post(tokenEndpoint);
    }
}
