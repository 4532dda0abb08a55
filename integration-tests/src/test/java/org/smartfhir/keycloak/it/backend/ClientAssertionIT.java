package org.smartfhir.keycloak.it.backend;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.ClientAssertions;
import org.smartfhir.keycloak.it.support.JwksServer;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * SMART Backend Services client authentication (requirements H28–H30): RS384 and ES384 happy paths, and every H30
 * refusal against the real Keycloak. Cases marked "pack" are ones stock Keycloak 26.7.3 gets wrong.
 */
@KeycloakTest
class ClientAssertionIT {

    private static final String CLIENT = "assertion-backend";
    private static final String URL_CLIENT = "assertion-url-backend";
    private static final String PLAIN_CLIENT = "assertion-plain-backend";
    private static final String APP = "assertion-app";
    private static final String REDIRECT = "https://assertion-app.example.org/callback";
    private static final String USER = "assertion-patient";
    private static final String PASSWORD = "assertion-Password-1234";
    private static final String SCOPE = "system/Patient.rs";

    private static String tokenEndpoint;
    private static ClientAssertions backend;
    private static ClientAssertions urlBackend;
    private static JwksServer jwksServer;
    private static ClientAssertions plain;
    private static ClientAssertions appKeys;
    private static String issuer;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        tokenEndpoint = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM + "/protocol/openid-connect/token";
        RealmFixtures fixtures = new RealmFixtures(admin);
        backend = new ClientAssertions(CLIENT, tokenEndpoint);
        fixtures.backendJwtClient(CLIENT, backend.publicJwks(), "system/*.rs");
        urlBackend = new ClientAssertions(URL_CLIENT, tokenEndpoint);
        jwksServer = new JwksServer();
        jwksServer.publish("/assertion-url-backend", urlBackend.publicJwks(), null);
        fixtures.backendJwksUrlClient(URL_CLIENT, jwksServer.url("/assertion-url-backend"), "system/*.rs");
        plain = new ClientAssertions(PLAIN_CLIENT, tokenEndpoint);
        fixtures.backendJwtClient(PLAIN_CLIENT, plain.publicJwks(), null);
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        appKeys = new ClientAssertions(APP, tokenEndpoint);
        fixtures.smartJwtApp(APP, appKeys.publicJwks(), REDIRECT, "patient/*.rs");
        fixtures.user(USER, PASSWORD);
        fixtures.grantRealmRoles(USER, "smart-patient");
        fixtures.linkPatients(USER, "assertion-pat-1");
    }

    @AfterAll
    static void stopKeyServer() {
        jwksServer.close();
    }

    /** Requirement H32: the same asymmetric client authentication for the code exchange and for refresh. */
    @Test
    void asymmetricClientAuthenticationWorksForCodeExchangeAndRefresh() {
        SmartApp app = new SmartApp(issuer, APP, null, REDIRECT);
        Pkce pkce = Pkce.s256();
        Map<String, String> redirect = app.login(app.authorizeParams("openid launch/patient patient/Observation.rs offline_access",
                pkce, "st-jwt"), USER, PASSWORD);
        Response token = given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "authorization_code")
                .formParam("code", redirect.get("code")).formParam("redirect_uri", REDIRECT).formParam("code_verifier", pkce.verifier())
                .formParam("client_assertion_type", ClientAssertions.TYPE).formParam("client_assertion", appKeys.rs384(c -> { }))
                .post(tokenEndpoint);
        assertEquals(200, token.statusCode(), token.asString());
        assertEquals("assertion-pat-1", token.jsonPath().getString("patient"));
        String es384 = appKeys.sign(appKeys.header(JWSAlgorithm.ES384).build(), appKeys.claims().build());
        Response refreshed = given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "refresh_token")
                .formParam("refresh_token", token.jsonPath().getString("refresh_token"))
                .formParam("client_assertion_type", ClientAssertions.TYPE).formParam("client_assertion", es384)
                .post(tokenEndpoint);
        assertEquals(200, refreshed.statusCode(), refreshed.asString());
        Response unauthenticated = given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "refresh_token")
                .formParam("refresh_token", refreshed.jsonPath().getString("refresh_token")).formParam("client_id", APP)
                .post(tokenEndpoint);
        assertTrue(unauthenticated.statusCode() == 400 || unauthenticated.statusCode() == 401, unauthenticated.asString());
    }

    @Test
    void rs384WithoutIatAsSmartClientsSendItGetsAShortLivedTokenWithoutRefresh() {
        // Stock Keycloak refuses this assertion (60 s limit without iat): pack.
        Response token = backend.token(backend.rs384(c -> { }), SCOPE);
        assertEquals(200, token.statusCode(), token.asString());
        assertEquals("Bearer", token.jsonPath().getString("token_type"));
        assertTrue(token.jsonPath().getInt("expires_in") <= 300);
        assertTrue(token.jsonPath().getString("scope").contains(SCOPE));
        assertFalse(token.jsonPath().getMap("").containsKey("refresh_token"), "no refresh token for backend services");
    }

    @Test
    void es384WithIat() {
        String assertion = backend.sign(backend.header(JWSAlgorithm.ES384).build(),
                backend.claims().issueTime(new Date()).build());
        Response token = backend.token(assertion, SCOPE);
        assertEquals(200, token.statusCode(), token.asString());
    }

    @Test
    void aReplayedAssertionIsRefused() {
        String assertion = backend.rs384(c -> { });
        assertEquals(200, backend.token(assertion, SCOPE).statusCode());
        assertRefused(backend.token(assertion, SCOPE), "replayed jti");
    }

    /**
     * The same assertions the "pack" cases refuse, sent by a client without a ceiling: stock Keycloak accepts them, so
     * the pack's refusals are the pack's doing, and non-SMART clients keep Keycloak's behaviour.
     */
    @Test
    void clientsWithoutACeilingKeepKeycloaksOwnRules() {
        String hourLong = plain.rs384(c -> c.issueTime(new Date()).expirationTime(new Date(System.currentTimeMillis() + 3_600_000)));
        String foreignJku = plain.sign(plain.header(JWSAlgorithm.RS384).jwkURL(URI.create("https://attacker.example.org/jwks.json"))
                .build(), plain.claims().issueTime(new Date()).build());
        String otherTyp = plain.sign(plain.header(JWSAlgorithm.RS384).type(new JOSEObjectType("at+jwt")).build(),
                plain.claims().issueTime(new Date()).build());
        for (String assertion : java.util.List.of(hourLong, foreignJku, otherTyp)) {
            Response token = plain.token(assertion, null);
            assertEquals(200, token.statusCode(), "stock behaviour for non-SMART clients: " + token.asString());
        }
        Response noIat = plain.token(plain.rs384(c -> { }), null);
        assertEquals(400, noIat.statusCode(), "stock refuses exp = now + 240 without iat (SMART clients get it accepted)");
    }

    @Test
    void aBadGrantTypeIsUnsupportedGrantType() {
        Response answer = given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "urn:example:bogus")
                .formParam("client_assertion_type", ClientAssertions.TYPE).formParam("client_assertion", backend.rs384(c -> { }))
                .post(tokenEndpoint);
        assertEquals(400, answer.statusCode(), answer.asString());
        assertEquals("unsupported_grant_type", answer.jsonPath().getString("error"));
    }

    /** Every H30 case, for a client registered with an inline JWKS and for one registered by JWKS URL. */
    static Stream<Arguments> refusals() {
        Map<String, Function<ClientAssertions, String>> cases = new LinkedHashMap<>();
        cases.put("bad signature (another key, same kid)", ClientAssertionIT::signWithStrangerKey);
        cases.put("alg none", keys -> new PlainJWT(keys.claims().build()).serialize());
        cases.put("HS256 keyed with the public key", ClientAssertionIT::hs256WithPublicKey);
        cases.put("kty/alg mismatch (ES384 header, RSA kid)", ClientAssertionIT::esWithRsaKid);
        cases.put("expired", keys -> keys.rs384(c -> c.issueTime(new Date(System.currentTimeMillis() - 600_000))
                .expirationTime(new Date(System.currentTimeMillis() - 300_000))));
        cases.put("pack: exp an hour ahead with iat", keys -> keys.rs384(c -> c.issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 3_600_000))));
        cases.put("iss missing", keys -> keys.rs384(c -> c.issuer(null)));
        cases.put("sub missing", keys -> keys.rs384(c -> c.subject(null)));
        cases.put("aud missing", keys -> keys.rs384(c -> c.audience((String) null)));
        cases.put("exp missing", keys -> keys.rs384(c -> c.expirationTime(null)));
        cases.put("jti missing", keys -> keys.rs384(c -> c.jwtID(null)));
        cases.put("wrong aud", keys -> keys.rs384(c -> c.audience("https://elsewhere.example.org/token")));
        cases.put("iss differs from sub", keys -> keys.rs384(c -> c.issuer("someone-else")));
        cases.put("unknown client", keys -> keys.rs384(c -> c.issuer("no-such-client").subject("no-such-client")));
        cases.put("unknown kid", keys -> keys.sign(keys.header(JWSAlgorithm.RS384).keyID("unknown-kid").build(), keys.claims().build()));
        cases.put("pack: foreign jku", keys -> keys.sign(keys.header(JWSAlgorithm.RS384)
                .jwkURL(URI.create("https://attacker.example.org/jwks.json")).build(), keys.claims().build()));
        cases.put("pack: typ other than JWT", keys -> keys.sign(keys.header(JWSAlgorithm.RS384)
                .type(new JOSEObjectType("at+jwt")).build(), keys.claims().build()));
        return Stream.of("inline JWKS", "JWKS URL").flatMap(registration -> cases.entrySet().stream()
                .map(c -> Arguments.of(registration, c.getKey(), c.getValue())));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void everyH30CaseIsInvalidClient(String registration, String name, Function<ClientAssertions, String> assertion) {
        ClientAssertions keys = registration.equals("JWKS URL") ? urlBackend : backend;
        assertRefused(keys.token(assertion.apply(keys), SCOPE), registration + ": " + name);
    }

    @Test
    void aReplayedAssertionIsRefusedForAJwksUrlClientToo() {
        String assertion = urlBackend.rs384(c -> { });
        assertEquals(200, urlBackend.token(assertion, SCOPE).statusCode());
        assertRefused(urlBackend.token(assertion, SCOPE), "replayed jti");
    }

    private static void assertRefused(Response answer, String name) {
        assertTrue(answer.statusCode() == 400 || answer.statusCode() == 401, name + ": " + answer.statusCode() + " " + answer.asString());
        assertEquals("invalid_client", answer.jsonPath().getString("error"), name + ": " + answer.asString());
        assertNotNull(answer.jsonPath().getString("error_description"), name);
        assertFalse(answer.jsonPath().getMap("").containsKey("access_token"), name);
    }

    private static String signWithStrangerKey(ClientAssertions keys) {
        try {
            SignedJWT jwt = new SignedJWT(keys.header(JWSAlgorithm.RS384).build(), keys.claims().build());
            jwt.sign(new RSASSASigner(new RSAKeyGenerator(2048).keyID(keys.rsa().getKeyID()).generate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hs256WithPublicKey(ClientAssertions keys) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keys.rsa().getKeyID()).build(),
                    keys.claims().build());
            jwt.sign(new MACSigner(keys.rsa().toPublicKey().getEncoded()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String esWithRsaKid(ClientAssertions keys) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(keys.rsa().getKeyID())
                    .type(JOSEObjectType.JWT).build(), keys.claims().build());
            jwt.sign(new ECDSASigner(keys.ec()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
