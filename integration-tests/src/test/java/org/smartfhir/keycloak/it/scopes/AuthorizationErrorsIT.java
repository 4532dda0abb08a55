package org.smartfhir.keycloak.it.scopes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Requirement B9 (RFC 6749 §4.1.2.1) and C13: an untrusted client or redirect URI gets an error page, never a redirect;
 * other errors go back to the registered redirect URI with {@code error} and {@code state}; a bad code is a 400.
 */
@KeycloakTest
class AuthorizationErrorsIT {

    private static final String APP = "errors-app";
    private static final String REDIRECT = "https://errors-app.example.org/callback";

    private static SmartApp app;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        new RealmFixtures(admin).smartPublicClient(APP, REDIRECT, "patient/*.rs", java.util.List.of());
        app = new SmartApp(keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM, APP, null, REDIRECT);
    }

    private static Response authorize(Map<String, String> params) {
        return new BrowserlessLogin(app.authorizationEndpoint()).authorize(params);
    }

    private static void assertErrorPageNotRedirect(Response answer) {
        assertNotEquals(302, answer.statusCode(), "never a redirect to an untrusted URI: " + answer.getHeader("Location"));
        assertTrue(answer.statusCode() == 400 || answer.statusCode() == 200, "an error page: " + answer.statusCode());
        assertFalse(answer.asString().contains("Exception"), "no stack trace");
        assertFalse(answer.asString().contains("kc-form-login"), "not a login page");
    }

    @Test
    void unknownClientIsAnErrorPage() {
        Map<String, String> params = app.authorizeParams("openid", Pkce.s256(), "s");
        params.put("client_id", "no-such-client");
        assertErrorPageNotRedirect(authorize(params));
    }

    @Test
    void unregisteredRedirectUriIsAnErrorPage() {
        for (String redirect : new String[] {"https://evil.example.org/callback", REDIRECT + "/../evil", REDIRECT + "x",
                "https://errors-app.example.org.evil.com/callback"}) {
            Map<String, String> params = app.authorizeParams("openid", Pkce.s256(), "s");
            params.put("redirect_uri", redirect);
            assertErrorPageNotRedirect(authorize(params));
        }
    }

    @Test
    void unsupportedResponseTypeGoesBackWithState() {
        Map<String, String> params = app.authorizeParams("openid", Pkce.s256(), "st-rt");
        params.put("response_type", "token");
        Response answer = authorize(params);
        assertEquals(302, answer.statusCode(), answer.asString());
        Map<String, String> redirect = BrowserlessLogin.query(answer.getHeader("Location"));
        assertEquals(REDIRECT, redirect.get("_redirect"));
        assertTrue(java.util.Set.of("unsupported_response_type", "unauthorized_client").contains(redirect.get("error")), redirect.toString());
        assertEquals("st-rt", redirect.get("state"));
        assertNotNull(redirect.get("error_description"));
    }

    @Test
    void aBadCodeIsA400InvalidGrant() {
        Response response = app.exchange("BAD_CODE", Pkce.s256().verifier());
        assertEquals(400, response.statusCode(), response.asString());
        assertEquals("invalid_grant", response.jsonPath().getString("error"));
        assertTrue(response.getHeader("Cache-Control").contains("no-store"), "errors are not cached either");
    }
}
