package org.smartfhir.keycloak.it.scopes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserlessLogin;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/** Requirement B7: {@code aud} must name a configured FHIR base; the granted access token's {@code aud} contains it. */
@KeycloakTest
class AudienceIT {

    private static final String APP = "aud-app";
    private static final String BACKEND = "aud-backend";
    private static final String SECRET = "aud-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://aud-app.example.org/callback";
    private static final String USER = "aud-user";
    private static final String PASSWORD = "aud-Password-1234";

    private static SmartApp app;
    private static SmartApp backend;
    private static String issuer;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        RealmFixtures fixtures = new RealmFixtures(admin);
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.smartConfidentialClient(BACKEND, SECRET, REDIRECT, "system/*.rs", true);
        fixtures.user(USER, PASSWORD);
        fixtures.linkPatients(USER, "audience-patient-1");
        app = new SmartApp(issuer, APP, SECRET, REDIRECT);
        backend = new SmartApp(issuer, BACKEND, SECRET, REDIRECT);
    }

    private static Map<String, String> refusedRedirect(Map<String, String> params) {
        Response answer = new BrowserlessLogin(app.authorizationEndpoint()).authorize(params);
        assertEquals(302, answer.statusCode(), answer.asString());
        return BrowserlessLogin.query(answer.getHeader("Location"));
    }

    @ParameterizedTest(name = "aud={0}")
    @ValueSource(strings = {"", "http://127.0.0.1:18090/fhir-evil", "http://127.0.0.1:18090", "http://127.0.0.1:18090/fhir/Patient",
            "https://evil.example.org/fhir", "http://127.0.0.1:18091/fhir", "not a url"})
    void aMissingOrForeignAudGetsNoCode(String aud) {
        Map<String, String> params = app.authorizeParams("openid launch/patient patient/Patient.rs", Pkce.s256(), "st-aud");
        if (aud.isEmpty()) {
            params.remove("aud");
        } else {
            params.put("aud", aud);
        }
        Map<String, String> redirect = refusedRedirect(params);
        assertEquals(REDIRECT, redirect.get("_redirect"));
        assertEquals("invalid_request", redirect.get("error"), redirect.toString());
        assertTrue(redirect.get("error_description").contains(aud.isEmpty() ? "aud is required" : "aud is not"), redirect.toString());
        assertEquals("st-aud", redirect.get("state"));
        assertFalse(redirect.containsKey("code"));
    }

    @Test
    void theConfiguredBaseWithATrailingSlashIsAcceptedAndLandsInTheTokenAudienceAlsoAfterRefresh() {
        Pkce pkce = Pkce.s256();
        Map<String, String> params = app.authorizeParams("openid launch/patient patient/Patient.rs", pkce, "st-ok");
        params.put("aud", RealmFixtures.FHIR_BASE + "/");
        Map<String, String> redirect = app.login(params, USER, PASSWORD);
        assertTrue(redirect.containsKey("code"), redirect.toString());
        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        assertTrue(audience(token.jsonPath().getString("access_token")).contains(RealmFixtures.FHIR_BASE));

        Response refreshed = app.refresh(token.jsonPath().getString("refresh_token"), null);
        assertEquals(200, refreshed.statusCode(), refreshed.asString());
        assertTrue(audience(refreshed.jsonPath().getString("access_token")).contains(RealmFixtures.FHIR_BASE), "refresh keeps aud");
    }

    @Test
    void resourceIsAcceptedAsASynonymAndLandsInTheTokenAudience() {
        Pkce pkce = Pkce.s256();
        Map<String, String> params = app.authorizeParams("openid launch/patient patient/Patient.rs", pkce, "st-res");
        params.remove("aud");
        params.put("resource", RealmFixtures.FHIR_BASE + "/");
        Map<String, String> redirect = app.login(params, USER, PASSWORD);
        assertTrue(redirect.containsKey("code"), redirect.toString());
        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        assertTrue(audience(token.jsonPath().getString("access_token")).contains(RealmFixtures.FHIR_BASE),
                "the matched base, not the raw value");
    }

    @Test
    void aPushedRequestWithAForeignAudIsRefused() {
        Map<String, String> params = app.authorizeParams("openid launch/patient patient/Patient.rs", Pkce.s256(), "st-par");
        params.put("aud", "https://evil.example.org/fhir");
        Response pushed = app.token().formParams(params).post(issuer + "/protocol/openid-connect/ext/par/request");
        assertEquals(400, pushed.statusCode(), pushed.asString());
        assertEquals("invalid_request", pushed.jsonPath().getString("error"));
    }

    @Test
    void backendTokensAreForTheConfiguredFhirServer() {
        Response token = backend.clientCredentials("system/Patient.rs");
        assertEquals(200, token.statusCode(), token.asString());
        assertTrue(audience(token.jsonPath().getString("access_token")).contains(RealmFixtures.FHIR_BASE));
    }

    @SuppressWarnings("unchecked")
    private static List<String> audience(String accessToken) {
        Object aud = Jwt.claims(accessToken).get("aud");
        return aud instanceof List<?> list ? (List<String>) list : aud == null ? List.of() : List.of(aud.toString());
    }
}
