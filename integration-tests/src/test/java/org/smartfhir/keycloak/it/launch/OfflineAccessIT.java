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
 * {@code permission-offline} (requirement D22, offline half): an {@code offline_access} grant keeps working after the
 * user signs out, with its launch context, until it is revoked (RFC 7009).
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

    @Test
    void anOfflineGrantSurvivesLogoutWithItsContextUntilRevoked() {
        Response token = app.launch("openid launch/patient patient/Observation.rs offline_access", USER, PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        JsonPath body = token.jsonPath();
        assertTrue(Arrays.asList(body.getString("scope").split(" ")).contains("offline_access"));
        assertEquals("Offline", Jwt.claims(body.getString("refresh_token")).get("typ"));

        assertEquals(204, admin.post("/realms/" + RealmFixtures.REALM + "/users/" + fixtures.userId(USER) + "/logout", "")
                .statusCode(), "the user signs out everywhere");
        Response afterLogout = app.refresh(body.getString("refresh_token"), null);
        assertEquals(200, afterLogout.statusCode(), afterLogout.asString());
        assertEquals("offline-pat-1", afterLogout.jsonPath().getString("patient"), "with its launch context");

        String current = afterLogout.jsonPath().getString("refresh_token");
        assertEquals(200, app.token().formParam("token", current).formParam("token_type_hint", "refresh_token")
                .post(issuer + "/protocol/openid-connect/revoke").statusCode());
        Response revoked = app.refresh(current, null);
        assertEquals(400, revoked.statusCode(), revoked.asString());
        assertEquals("invalid_grant", revoked.jsonPath().getString("error"));
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
