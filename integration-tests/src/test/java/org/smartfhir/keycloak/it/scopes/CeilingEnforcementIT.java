package org.smartfhir.keycloak.it.scopes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserlessLogin;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * The ceiling is enforced on every request, not only when a scope is first created: a scope linked earlier is refused
 * once the admin narrows the ceiling, and a client whose ceiling is removed gets no SMART resource scope at all.
 */
@KeycloakTest
class CeilingEnforcementIT {

    private static final String SECRET = "enforce-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://enforce-app.example.org/callback";
    private static final String USER = "enforce-clinician";
    private static final String PASSWORD = "enforce-Password-1234";

    private static String issuer;
    private static RealmFixtures fixtures;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        fixtures = new RealmFixtures(admin);
        fixtures.user(USER, PASSWORD);
        fixtures.grantRealmRoles(USER, "smart-clinician");
        fixtures.linkPatients(USER, "enforce-patient-1");
    }

    private static SmartApp app(String clientId, String ceiling, boolean backend) {
        fixtures.smartConfidentialClient(clientId, SECRET, REDIRECT, ceiling, backend);
        return new SmartApp(issuer, clientId, SECRET, REDIRECT);
    }

    private static List<String> scopes(Response token) {
        assertEquals(200, token.statusCode(), token.asString());
        return Arrays.asList(token.jsonPath().getString("scope").split(" "));
    }

    @Test
    void aBackendScopeLinkedEarlierIsRefusedOnceTheCeilingNoLongerAllowsIt() {
        SmartApp backend = app("enforce-backend", "system/*.rs", true);
        assertTrue(scopes(backend.clientCredentials("system/Patient.rs")).contains("system/Patient.rs"));
        fixtures.setClientAttribute("enforce-backend", "smart.scope.ceiling", "system/Observation.rs");
        assertTrue(fixtures.linkedScopes("enforce-backend").contains("system/Patient.rs"), "still linked from before");
        Response refused = backend.clientCredentials("system/Patient.rs");
        assertEquals(400, refused.statusCode(), refused.asString());
        assertEquals("invalid_scope", refused.jsonPath().getString("error"));
        assertTrue(scopes(backend.clientCredentials("system/Observation.rs")).contains("system/Observation.rs"));
    }

    @Test
    void aLaunchScopeLinkedEarlierIsRefusedWithStateOnceTheCeilingNoLongerAllowsIt() {
        SmartApp app = app("enforce-app", "patient/*.rs", false);
        assertTrue(scopes(app.launch("openid launch/patient patient/Observation.rs", USER, PASSWORD)).contains("patient/Observation.rs"));
        fixtures.setClientAttribute("enforce-app", "smart.scope.ceiling", "patient/Condition.rs");
        Response answer = new BrowserlessLogin(app.authorizationEndpoint())
                .authorize(app.authorizeParams("openid launch/patient patient/Observation.rs", Pkce.s256(), "st-narrowed"));
        assertEquals(302, answer.statusCode(), answer.asString());
        Map<String, String> redirect = BrowserlessLogin.query(answer.getHeader("Location"));
        assertEquals(REDIRECT, redirect.get("_redirect"));
        assertEquals("invalid_scope", redirect.get("error"), redirect.toString());
        assertEquals("st-narrowed", redirect.get("state"));
        assertFalse(redirect.containsKey("code"));
    }

    @Test
    void aClientWhoseCeilingWasRemovedGetsNoSmartResourceScope() {
        SmartApp app = app("enforce-removed", "patient/*.rs", false);
        assertTrue(scopes(app.launch("openid launch/patient patient/Observation.rs", USER, PASSWORD)).contains("patient/Observation.rs"));
        fixtures.setClientAttribute("enforce-removed", "smart.scope.ceiling", "");
        List<String> granted = scopes(app.launch("openid launch/patient patient/Observation.rs", USER, PASSWORD));
        assertFalse(granted.contains("patient/Observation.rs"), "fail closed: " + granted);
        assertTrue(granted.contains("openid"));
    }
}
