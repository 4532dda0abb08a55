package org.smartfhir.keycloak.it.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.poll.Poll;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * How long a user's grant lives (capabilities {@code permission-online} and {@code permission-offline}, requirements
 * D22 and F25): an {@code online_access} grant refreshes while the user's sign-in lives and ends with it; an
 * {@code offline_access} grant outlives the sign-in, with its launch context, until it is revoked; a refresh can
 * narrow the scope and never widen it.
 */
@KeycloakTest
class GrantLifetimeIT {

    private static final String APP = "lifetime-app";
    private static final String OTHER_APP = "lifetime-other-app";
    private static final String SECRET = "lifetime-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://lifetime-app.example.org/callback";
    private static final String PASSWORD = "lifetime-Password-1234";

    private static String issuer;
    private static SmartApp app;
    private static SmartApp otherApp;
    private static RealmFixtures fixtures;
    private static KeycloakAdmin admin;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin keycloakAdmin) {
        admin = keycloakAdmin;
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        fixtures = new RealmFixtures(admin);
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.smartConfidentialClient(OTHER_APP, SECRET, REDIRECT, "patient/*.rs", false);
        app = new SmartApp(issuer, APP, SECRET, REDIRECT);
        otherApp = new SmartApp(issuer, OTHER_APP, SECRET, REDIRECT);
    }

    /** Each test signs in its own user, so ending one user's sessions touches no other test. */
    private static String user(String name) {
        return fixtures.patient(name, PASSWORD, "lifetime-pat-1");
    }

    @Test
    void anOnlineGrantRefreshesWhileTheSignInLivesAndEndsWithIt() {
        String user = user("lifetime-online");
        Response token = app.launch("openid online_access launch/patient patient/Observation.rs", user, PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        assertTrue(scopes(token).contains("online_access"), token.asString());
        assertEquals(300, token.jsonPath().getInt("expires_in"), "user apps get 5-minute access tokens (template default)");
        Map<String, Object> access = Jwt.claims(token.jsonPath().getString("access_token"));
        assertEquals(300L, ((Number) access.get("exp")).longValue() - ((Number) access.get("iat")).longValue());
        assertEquals("Refresh", Jwt.claims(token.jsonPath().getString("refresh_token")).get("typ"));

        Response refreshed = app.refresh(token.jsonPath().getString("refresh_token"), null);
        assertEquals(200, refreshed.statusCode(), refreshed.asString());
        assertEquals("lifetime-pat-1", refreshed.jsonPath().getString("patient"));

        assertTrue(admin.get("/realms/" + RealmFixtures.REALM + "/users/" + fixtures.userId(user) + "/sessions").size() > 0,
                "the online grant lives in the user's sign-in");
        endSignIns(user);
        Response afterLogout = app.refresh(refreshed.jsonPath().getString("refresh_token"), null);
        assertEquals(400, afterLogout.statusCode(), afterLogout.asString());
        assertEquals("invalid_grant", afterLogout.jsonPath().getString("error"));
    }

    @Test
    void anOfflineGrantOutlivesTheSignInWithItsContextUntilRevoked() {
        String user = user("lifetime-offline");
        Response token = app.launch("openid launch/patient patient/Observation.rs offline_access", user, PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        assertTrue(scopes(token).contains("offline_access"));
        assertEquals("Offline", Jwt.claims(token.jsonPath().getString("refresh_token")).get("typ"));

        endSignIns(user);
        Response refreshed = app.refresh(token.jsonPath().getString("refresh_token"), null);
        assertEquals(200, refreshed.statusCode(), "the offline grant outlives the sign-in: " + refreshed.asString());
        assertEquals("lifetime-pat-1", refreshed.jsonPath().getString("patient"), "with its launch context");

        String current = refreshed.jsonPath().getString("refresh_token");
        assertEquals(200, app.token().formParam("token", current).formParam("token_type_hint", "refresh_token")
                .post(issuer + "/protocol/openid-connect/revoke").statusCode());
        Response revoked = app.refresh(current, null);
        assertEquals(400, revoked.statusCode(), revoked.asString());
        assertEquals("invalid_grant", revoked.jsonPath().getString("error"));
    }

    /**
     * The admin console's "Sign out" of a user sets the user's not-before time, which Keycloak checks on every refresh:
     * it ends offline grants too — the hospital's kill switch for a lost device. The not-before time has whole-second
     * precision and spares tokens issued in the same second, so the test signs out once the token's second has passed.
     */
    @Test
    void theAdminsSignOutOfAUserEndsOfflineGrantsToo() {
        String user = user("lifetime-kill-switch");
        Response token = app.launch("openid launch/patient patient/Observation.rs offline_access", user, PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        long issuedAt = ((Number) Jwt.claims(token.jsonPath().getString("access_token")).get("iat")).longValue();
        Poll.until("the second the token was issued in passes", Duration.ofSeconds(5),
                () -> Instant.now().getEpochSecond() > issuedAt);
        assertEquals(204, admin.post("/realms/" + RealmFixtures.REALM + "/users/" + fixtures.userId(user) + "/logout", "")
                .statusCode());
        Response refreshed = app.refresh(token.jsonPath().getString("refresh_token"), null);
        assertEquals(400, refreshed.statusCode(), refreshed.asString());
        assertEquals("invalid_grant", refreshed.jsonPath().getString("error"));
    }

    @Test
    void aRefreshCanNarrowTheScope() {
        String user = user("lifetime-narrow");
        Response token = app.launch("openid launch/patient patient/Observation.rs patient/Condition.rs", user, PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        assertTrue(scopes(token).containsAll(List.of("patient/Observation.rs", "patient/Condition.rs")), token.asString());

        Response narrowed = app.refresh(token.jsonPath().getString("refresh_token"), "openid launch/patient patient/Observation.rs");
        assertEquals(200, narrowed.statusCode(), narrowed.asString());
        assertTrue(scopes(narrowed).contains("patient/Observation.rs"), narrowed.asString());
        assertFalse(scopes(narrowed).contains("patient/Condition.rs"), "narrowed: " + narrowed.asString());
        String accessScope = String.valueOf(Jwt.claims(narrowed.jsonPath().getString("access_token")).get("scope"));
        assertFalse(List.of(accessScope.split(" ")).contains("patient/Condition.rs"), "the access token is narrowed too: " + accessScope);
        assertEquals("lifetime-pat-1", narrowed.jsonPath().getString("patient"));
    }

    /**
     * RFC 6749 §5.1: the answer's {@code scope} is the scope of the access token issued. Stock Keycloak narrows an
     * offline grant's access token but answers the grant's full scope.
     */
    @Test
    void anOfflineRefreshThatNarrowsAnswersTheNarrowedScope() {
        String user = user("lifetime-offline-narrow");
        Response token = app.launch("openid launch/patient patient/Observation.rs patient/Condition.rs offline_access", user, PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        assertEquals("Offline", Jwt.claims(token.jsonPath().getString("refresh_token")).get("typ"));

        Response narrowed = app.refresh(token.jsonPath().getString("refresh_token"),
                "openid launch/patient patient/Observation.rs offline_access");
        assertEquals(200, narrowed.statusCode(), narrowed.asString());
        List<String> accessScope = List.of(String.valueOf(Jwt.claims(narrowed.jsonPath().getString("access_token")).get("scope")).split(" "));
        assertFalse(accessScope.contains("patient/Condition.rs"), "the access token is narrowed: " + accessScope);
        assertEquals(java.util.Set.copyOf(accessScope), java.util.Set.copyOf(scopes(narrowed)),
                "the answer states the access token's scope: " + narrowed.asString());
        assertEquals("lifetime-pat-1", narrowed.jsonPath().getString("patient"));
    }

    @Test
    void aRefreshCannotWidenTheScope() {
        String user = user("lifetime-widen");
        // The app once held patient/Condition.rs, so Keycloak knows the scope for this client and would not refuse it.
        assertEquals(200, app.launch("openid launch/patient patient/Condition.rs", user, PASSWORD).statusCode());
        Response token = app.launch("openid launch/patient patient/Observation.rs", user, PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        String refreshToken = token.jsonPath().getString("refresh_token");

        // Within the client's ceiling, but not granted by the user: stock Keycloak drops it silently and answers 200.
        Response widened = app.refresh(refreshToken, "openid launch/patient patient/Observation.rs patient/Condition.rs");
        assertEquals(400, widened.statusCode(), widened.asString());
        assertEquals("invalid_scope", widened.jsonPath().getString("error"));
        assertTrue(widened.jsonPath().getString("error_description").contains("narrow"), widened.asString());

        Response unchanged = app.refresh(refreshToken, null);
        assertEquals(200, unchanged.statusCode(), "the refused request did not use the token up: " + unchanged.asString());
        assertFalse(scopes(unchanged).contains("patient/Condition.rs"));
    }

    @Test
    void anotherAppsOrAMadeUpRefreshTokenIsRefused() {
        String user = user("lifetime-foreign");
        Response token = app.launch("openid launch/patient patient/Observation.rs", user, PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        Response foreign = otherApp.refresh(token.jsonPath().getString("refresh_token"), null);
        assertEquals(400, foreign.statusCode(), foreign.asString());
        assertEquals("invalid_grant", foreign.jsonPath().getString("error"));

        Response madeUp = app.refresh("not-a-refresh-token", null);
        assertTrue(madeUp.statusCode() == 400 || madeUp.statusCode() == 401, madeUp.asString());
        assertEquals("invalid_grant", madeUp.jsonPath().getString("error"));
    }

    /** Ends every sign-in (online user session) of the user, as a logout or a session timeout does. */
    private static void endSignIns(String user) {
        String sessions = "/realms/" + RealmFixtures.REALM + "/users/" + fixtures.userId(user) + "/sessions";
        for (JsonNode session : admin.get(sessions)) {
            assertEquals(204, admin.delete("/realms/" + RealmFixtures.REALM + "/sessions/" + session.get("id").asText()));
        }
        assertEquals(0, admin.get(sessions).size(), "no sign-in of the user is left");
    }

    private static List<String> scopes(Response token) {
        JsonPath body = token.jsonPath();
        return List.of(body.getString("scope").split(" "));
    }
}
