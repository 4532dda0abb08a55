package org.smartfhir.keycloak.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * Refresh rotation: every refresh rotates; reuse of a rotated token revokes the whole grant and is recorded — also for a
 * public SMART app refreshing as SMART App Launch 2.2 says, without {@code client_id}.
 */
@KeycloakTest
class RefreshReuseIT {

    private static final String APP = "reuse-app";
    private static final String PUBLIC_APP = "reuse-public-app";
    private static final String PUBLIC_USER = "reuse-public-patient";
    private static final String SECRET = "reuse-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://reuse-app.example.org/callback";
    private static final String USER = "reuse-patient";
    private static final String PASSWORD = "reuse-Password-1234";

    private static SmartApp app;
    private static SmartApp publicApp;
    private static KeycloakAdmin admin;
    private static KeycloakRuntime keycloak;

    @BeforeAll
    static void fixtures(KeycloakRuntime runtime, KeycloakAdmin keycloakAdmin) {
        admin = keycloakAdmin;
        keycloak = runtime;
        RealmFixtures fixtures = new RealmFixtures(admin);
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.patient(USER, PASSWORD, "reuse-pat-1");
        app = new SmartApp(keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM, APP, SECRET, REDIRECT);
        fixtures.smartPublicClient(PUBLIC_APP, REDIRECT, "patient/*.rs", List.of("offline_access"));
        fixtures.patient(PUBLIC_USER, PASSWORD, "reuse-pat-1");
        publicApp = new SmartApp(keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM, PUBLIC_APP, null, REDIRECT);
    }

    @Test
    void reusingARotatedRefreshTokenRevokesTheGrant() {
        assertReuseRevokes(app.launch("openid launch/patient patient/Observation.rs", USER, PASSWORD),
                token -> app.refresh(token, null), APP);
    }

    @Test
    void alsoForOfflineGrants() {
        assertReuseRevokes(app.launch("openid launch/patient patient/Observation.rs offline_access", USER, PASSWORD),
                token -> app.refresh(token, null), APP);
    }

    @Test
    void alsoForAPublicAppRefreshingWithoutClientId() {
        assertReuseRevokes(publicApp.launch("openid launch/patient patient/Observation.rs offline_access", PUBLIC_USER, PASSWORD),
                token -> publicApp.refreshWithoutClientId(token, null), PUBLIC_APP);
    }

    private static void assertReuseRevokes(Response first, Function<String, Response> refresh, String clientId) {
        assertEquals(200, first.statusCode(), first.asString());
        String r0 = first.jsonPath().getString("refresh_token");
        Response second = refresh.apply(r0);
        assertEquals(200, second.statusCode(), second.asString());
        String r1 = second.jsonPath().getString("refresh_token");
        assertNotEquals(r0, r1, "every refresh rotates the refresh token");

        Response replay = refresh.apply(r0);
        assertEquals(400, replay.statusCode(), replay.asString());
        assertEquals("invalid_grant", replay.jsonPath().getString("error"));
        assertTrue(replay.jsonPath().getString("error_description").contains("reuse"), replay.asString());

        Response legit = refresh.apply(r1);
        assertEquals(400, legit.statusCode(), "the newest token of the grant is revoked too: " + legit.asString());
        assertEquals("invalid_grant", legit.jsonPath().getString("error"));

        // The event reaches Keycloak's event listeners (here the server log's jboss-logging listener; the audit listener alike).
        assertTrue(keycloak.logTail(5000).lines().anyMatch(line -> line.contains("type=\"REFRESH_TOKEN_ERROR\"")
                && line.contains("clientId=\"" + clientId + "\"") && line.contains("error=\"refresh_token_reuse\"")),
                "a security event records the reuse");
    }
}
