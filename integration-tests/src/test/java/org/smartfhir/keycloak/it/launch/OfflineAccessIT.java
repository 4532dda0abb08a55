package org.smartfhir.keycloak.it.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import io.restassured.path.json.JsonPath;
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
 * Offline and online grants (requirement D22): an {@code offline_access} grant carries its launch context until it is
 * revoked (RFC 7009); without {@code offline_access} the user's logout ends the grant.
 */
@KeycloakTest
class OfflineAccessIT {

    private static final String APP = "offline-app";
    private static final String SECRET = "offline-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://offline-app.example.org/callback";
    private static final String USER = "offline-patient";
    private static final String PASSWORD = "offline-Password-1234";

    private static String issuer;
    private static SmartApp app;
    private static RealmFixtures fixtures;
    private static KeycloakAdmin admin;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin keycloakAdmin) {
        admin = keycloakAdmin;
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        fixtures = new RealmFixtures(admin);
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.user(USER, PASSWORD);
        fixtures.grantRealmRoles(USER, "smart-patient");
        fixtures.linkPatients(USER, "offline-pat-1");
        app = new SmartApp(issuer, APP, SECRET, REDIRECT);
    }

    /**
     * Revocation (RFC 7009) ends an offline grant. Not yet asserted here: that the grant outlives the user's logout —
     * stock Keycloak 26.7.3 answered that refresh with "Stale token" in two full runs out of six (never in isolation);
     * until that is understood, {@code permission-offline} is not advertised.
     */
    @Test
    void anOfflineGrantKeepsItsContextUntilRevoked() {
        JsonPath body = offlineGrant();
        assertTrue(Arrays.asList(body.getString("scope").split(" ")).contains("offline_access"));
        assertEquals("Offline", Jwt.claims(body.getString("refresh_token")).get("typ"));
        assertEquals("offline-pat-1", body.getString("patient"), "with its launch context");

        String current = body.getString("refresh_token");
        assertEquals(200, app.token().formParam("token", current).formParam("token_type_hint", "refresh_token")
                .post(issuer + "/protocol/openid-connect/revoke").statusCode());
        Response revoked = app.refresh(current, null);
        assertEquals(400, revoked.statusCode(), revoked.asString());
        assertEquals("invalid_grant", revoked.jsonPath().getString("error"));
    }

    /** A fresh offline grant, refreshed once as an app does. */
    private static JsonPath offlineGrant() {
        Response token = app.launch("openid launch/patient patient/Observation.rs offline_access", USER, PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        Response refreshed = app.refresh(token.jsonPath().getString("refresh_token"), null);
        assertEquals(200, refreshed.statusCode(), refreshed.asString());
        return refreshed.jsonPath();
    }

    @Test
    void withoutOfflineAccessLogoutEndsTheGrant() {
        Response token = app.launch("openid launch/patient patient/Observation.rs", USER, PASSWORD);
        assertEquals(204, admin.post("/realms/" + RealmFixtures.REALM + "/users/" + fixtures.userId(USER) + "/logout", "")
                .statusCode());
        Response refreshed = app.refresh(token.jsonPath().getString("refresh_token"), null);
        assertEquals(400, refreshed.statusCode(), refreshed.asString());
        assertEquals("invalid_grant", refreshed.jsonPath().getString("error"));
    }
}
