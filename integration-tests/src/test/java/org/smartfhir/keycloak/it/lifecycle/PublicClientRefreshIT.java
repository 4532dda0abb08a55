package org.smartfhir.keycloak.it.lifecycle;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * SMART App Launch 2.2, "Refresh access token": a public app refreshes with {@code grant_type}, {@code refresh_token}
 * and an optional {@code scope} only, as fhirclient.js 2.6.3 does by default. Stock Keycloak answers 401
 * {@code invalid_client}; with the pack a SMART public app is identified from its verified refresh token, and
 * rotation, narrowing and launch context work as with a {@code client_id} (reuse revocation: {@link RefreshReuseIT}). Confidential clients,
 * clients without a SMART ceiling and tokens that do not verify keep Keycloak's {@code invalid_client}.
 */
@KeycloakTest
class PublicClientRefreshIT {

    private static final String APP = "public-refresh-app";
    private static final String CONFIDENTIAL_APP = "public-refresh-confidential";
    private static final String PLAIN_APP = "public-refresh-plain";
    private static final String SECRET = "public-refresh-secret-" + System.nanoTime();
    private static final String ORIGIN = "https://public-refresh-app.example.org";
    private static final String REDIRECT = ORIGIN + "/callback";
    private static final String PASSWORD = "public-refresh-Password-1234";
    private static final String FOREIGN_REALM = "public-refresh-foreign";

    private static String baseUrl;
    private static String issuer;
    private static RealmFixtures fixtures;
    private static KeycloakAdmin admin;
    private static SmartApp app;
    private static SmartApp confidentialApp;
    private static SmartApp plainApp;

    @BeforeAll
    static void fixtures(KeycloakRuntime runtime, KeycloakAdmin keycloakAdmin) {
        admin = keycloakAdmin;
        baseUrl = runtime.baseUrl();
        issuer = baseUrl + "/realms/" + RealmFixtures.REALM;
        fixtures = new RealmFixtures(admin);
        fixtures.smartPublicClient(APP, REDIRECT, "patient/*.rs", List.of("offline_access"));
        fixtures.smartConfidentialClient(CONFIDENTIAL_APP, SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.publicClient(PLAIN_APP, REDIRECT, ORIGIN);
        app = new SmartApp(issuer, APP, null, REDIRECT);
        confidentialApp = new SmartApp(issuer, CONFIDENTIAL_APP, SECRET, REDIRECT);
        plainApp = new SmartApp(issuer, PLAIN_APP, null, REDIRECT);
    }

    /** Each test signs in its own patient, so one test's revocation touches no other. */
    private static String user(String name) {
        return fixtures.patient(name, PASSWORD, "public-refresh-pat-1");
    }

    @Test
    void aPublicSmartAppRefreshesWithoutClientIdAndTheRefreshTokenRotates() {
        String scope = "openid launch/patient patient/Observation.rs patient/Condition.rs";
        Response token = app.launch(scope, user("public-refresh-online"), PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        String r0 = token.jsonPath().getString("refresh_token");

        Response refreshed = given().header("Origin", ORIGIN).contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token").formParam("refresh_token", r0).post(app.tokenEndpoint());
        assertEquals(200, refreshed.statusCode(), refreshed.asString());
        assertEquals(ORIGIN, refreshed.header("Access-Control-Allow-Origin"), "a browser app can read the answer (CORS)");
        assertTrue(String.valueOf(refreshed.header("Cache-Control")).contains("no-store"), "not cached");
        assertEquals("Bearer", refreshed.jsonPath().getString("token_type"));
        assertTrue(refreshed.jsonPath().getInt("expires_in") > 0, refreshed.asString());
        String r1 = refreshed.jsonPath().getString("refresh_token");
        assertNotNull(r1, "a new refresh token");
        assertNotEquals(r0, r1, "the refresh token rotates");
        assertEquals(scopes(token), scopes(refreshed), "the same scope as the launch");
        assertEquals("public-refresh-pat-1", refreshed.jsonPath().getString("patient"), "with its launch context");
        Map<String, Object> access = Jwt.claims(refreshed.jsonPath().getString("access_token"));
        assertEquals(APP, access.get("azp"), "issued to the app its refresh token names");
        assertEquals(scopes(refreshed), Set.of(String.valueOf(access.get("scope")).split(" ")));

        Response narrowed = app.refreshWithoutClientId(r1, "openid launch/patient patient/Observation.rs");
        assertEquals(200, narrowed.statusCode(), narrowed.asString());
        assertFalse(scopes(narrowed).contains("patient/Condition.rs"), narrowed.asString());
        assertEquals(scopes(narrowed), accessTokenScopes(narrowed), "the answer states the access token's scope");

        Response widened = app.refreshWithoutClientId(narrowed.jsonPath().getString("refresh_token"),
                "openid launch/patient patient/Observation.rs patient/Patient.rs");
        assertEquals(400, widened.statusCode(), widened.asString());
        assertEquals("invalid_scope", widened.jsonPath().getString("error"));

        // SMART: "a missing value indicates a request for the same scopes granted in the original launch"; RFC 6749 §6:
        // the new refresh token's scope is identical to the old one's, so a narrowing does not shrink the grant.
        Response restored = app.refreshWithoutClientId(narrowed.jsonPath().getString("refresh_token"), null);
        assertEquals(200, restored.statusCode(), "the refused widening did not use the token up: " + restored.asString());
        assertEquals(scopes(token), scopes(restored), "a refresh without scope gets the launch's scope again");
        assertEquals(scopes(restored), accessTokenScopes(restored));
    }

    /** RFC 6749 §5.1: the answer's scope is the scope of the access token it carries, on offline grants too. */
    @Test
    void anOfflineGrantRefreshesWithoutClientIdAndANarrowingAnswersTheNarrowedScope() {
        Response token = app.launch("openid launch/patient patient/Observation.rs patient/Condition.rs offline_access",
                user("public-refresh-offline"), PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        assertEquals("Offline", Jwt.claims(token.jsonPath().getString("refresh_token")).get("typ"));

        Response narrowed = app.refreshWithoutClientId(token.jsonPath().getString("refresh_token"),
                "openid launch/patient patient/Observation.rs offline_access");
        assertEquals(200, narrowed.statusCode(), narrowed.asString());
        assertFalse(accessTokenScopes(narrowed).contains("patient/Condition.rs"), "the access token is narrowed");
        assertEquals(accessTokenScopes(narrowed), scopes(narrowed), "and the answer says so: " + narrowed.asString());
        assertEquals("public-refresh-pat-1", narrowed.jsonPath().getString("patient"));
        assertEquals("Offline", Jwt.claims(narrowed.jsonPath().getString("refresh_token")).get("typ"));
    }

    @Test
    void aConfidentialClientsRefreshTokenWithoutCredentialsStaysInvalidClient() {
        Response token = confidentialApp.launch("openid launch/patient patient/Observation.rs",
                user("public-refresh-confidential-user"), PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        String refreshToken = token.jsonPath().getString("refresh_token");

        assertInvalidClient(app.refreshWithoutClientId(refreshToken, null), "a confidential client's token without credentials");
        Response authenticated = confidentialApp.refresh(refreshToken, null);
        assertEquals(200, authenticated.statusCode(), "the refused request did not use the token up: " + authenticated.asString());
    }

    @Test
    void aPublicClientWithoutASmartCeilingIsLeftToKeycloak() {
        Response token = plainApp.launch("openid", user("public-refresh-plain-user"), PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        String refreshToken = token.jsonPath().getString("refresh_token");

        assertInvalidClient(plainApp.refreshWithoutClientId(refreshToken, null), "a non-SMART public client without client_id");
        Response withClientId = plainApp.refresh(refreshToken, null);
        assertEquals(200, withClientId.statusCode(), withClientId.asString());
    }

    @Test
    void aForgedGarbledOrForeignRefreshTokenGetsInvalidClient() throws JOSEException {
        Response token = app.launch("openid launch/patient patient/Observation.rs", user("public-refresh-forged"), PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        Map<String, Object> genuine = Jwt.claims(token.jsonPath().getString("refresh_token"));

        Map<String, String> presented = new LinkedHashMap<>();
        presented.put("garbled", "not-a-refresh-token");
        presented.put("truncated", token.jsonPath().getString("refresh_token").substring(0, 40));
        presented.put("signed with another key under the realm's kid", forged(genuine, realmHmacKid()));
        presented.put("unsigned (alg none)", new PlainJWT(new PlainHeader(), claims(genuine)).serialize());
        presented.put("the app's access token", token.jsonPath().getString("access_token"));
        presented.put("another realm's refresh token for a client of the same id", foreignRefreshToken());
        presented.forEach((what, value) -> assertInvalidClient(app.refreshWithoutClientId(value, null), what));

        assertEquals(200, app.refreshWithoutClientId(token.jsonPath().getString("refresh_token"), null).statusCode(),
                "the genuine token still works");
    }

    private static void assertInvalidClient(Response response, String what) {
        assertEquals(401, response.statusCode(), what + ": " + response.asString());
        assertEquals("invalid_client", response.jsonPath().getString("error"), what);
        String description = response.jsonPath().getString("error_description");
        assertTrue(description != null && !description.isBlank(), what + ": an error_description");
    }

    /** The genuine token's claims under a key Keycloak does not hold, with the realm's own HMAC key id. */
    private static String forged(Map<String, Object> genuine, String kid) throws JOSEException {
        byte[] secret = new byte[64];
        new SecureRandom().nextBytes(secret);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS512).keyID(kid).build(), claims(genuine));
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(Map<String, Object> genuine) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        genuine.forEach(claims::claim);
        return claims.jwtID(UUID.randomUUID().toString()).build();
    }

    private static String realmHmacKid() {
        for (JsonNode key : admin.get("/realms/" + RealmFixtures.REALM + "/keys").get("keys")) {
            if ("HS512".equals(key.path("algorithm").asText())) {
                return key.get("kid").asText();
            }
        }
        throw new AssertionError("the realm has no HS512 key");
    }

    /** A real refresh token of another realm on this server, issued to a public client named like the SMART app. */
    private static String foreignRefreshToken() {
        Map<String, Object> user = Map.of("username", "foreign-user", "enabled", true, "emailVerified", true,
                "firstName", "Foreign", "lastName", "User", "email", "foreign-user@example.org",
                "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
        Map<String, Object> client = Map.of("clientId", APP, "publicClient", true, "directAccessGrantsEnabled", true,
                "standardFlowEnabled", false, "attributes", Map.of("smart.scope.ceiling", "patient/*.rs"));
        int status = admin.post("/realms", Map.of("realm", FOREIGN_REALM, "enabled", true, "sslRequired", "none",
                "clients", List.of(client), "users", List.of(user))).statusCode();
        assertTrue(status == 201 || status == 409, "creating realm " + FOREIGN_REALM + " -> " + status);
        Response token = given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "password")
                .formParam("client_id", APP).formParam("username", "foreign-user").formParam("password", PASSWORD)
                .formParam("scope", "openid").post(baseUrl + "/realms/" + FOREIGN_REALM + "/protocol/openid-connect/token");
        assertEquals(200, token.statusCode(), token.asString());
        return token.jsonPath().getString("refresh_token");
    }

    private static Set<String> scopes(Response token) {
        return Set.of(token.jsonPath().getString("scope").split(" "));
    }

    private static Set<String> accessTokenScopes(Response token) {
        return Set.of(String.valueOf(Jwt.claims(token.jsonPath().getString("access_token")).get("scope")).split(" "));
    }
}
