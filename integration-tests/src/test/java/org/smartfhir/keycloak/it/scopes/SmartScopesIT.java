package org.smartfhir.keycloak.it.scopes;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserlessLogin;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * SMART scopes through a real Keycloak: materialized on first use within the client's ceiling, granted and echoed
 * verbatim, refused as {@code invalid_scope} outside it (requirements B6–B9, C13, D15–D16, H28).
 */
@KeycloakTest
class SmartScopesIT {

    private static final String APP = "scopes-app";
    private static final String CONFIDENTIAL = "scopes-confidential";
    private static final String BACKEND = "scopes-backend";
    private static final String SECRET = "scopes-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://scopes-app.example.org/callback";
    private static final String USER = "scopes-user";
    private static final String PASSWORD = "scopes-Password-1234";
    private static final String LAB = "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

    private static String issuer;
    private static SmartApp app;
    private static SmartApp confidential;
    private static SmartApp backend;
    private static RealmFixtures fixtures;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        fixtures = new RealmFixtures(admin);
        fixtures.smartPublicClient(APP, REDIRECT, "patient/*.rs user/Observation.cruds", List.of("offline_access"));
        fixtures.smartConfidentialClient(CONFIDENTIAL, SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.smartConfidentialClient(BACKEND, SECRET, REDIRECT, "system/*.rs", true);
        fixtures.user(USER, PASSWORD);
        fixtures.grantRealmRoles(USER, "smart-clinician");
        fixtures.linkPatients(USER, "scopes-patient-1");
        app = new SmartApp(issuer, APP, null, REDIRECT);
        confidential = new SmartApp(issuer, CONFIDENTIAL, SECRET, REDIRECT);
        backend = new SmartApp(issuer, BACKEND, SECRET, REDIRECT);
    }

    private static Set<String> scopesOf(String scope) {
        return new TreeSet<>(Arrays.asList(scope.split(" ")));
    }

    @Test
    void granularV2AndV1ScopesAreGrantedAndEchoedVerbatim() {
        String requested = "openid launch/patient patient/Condition.read " + LAB + " patient/Patient.r user/Observation.cu";
        Response response = app.launch(requested, USER, PASSWORD);
        assertEquals(200, response.statusCode(), response.asString());
        Set<String> granted = scopesOf(response.jsonPath().getString("scope"));
        assertTrue(granted.containsAll(scopesOf(requested)), "granted " + granted);
        assertTrue(granted.contains("patient/Condition.read"), "a v1 request is answered in v1");
        Map<String, Object> claims = Jwt.claims(response.jsonPath().getString("access_token"));
        assertTrue(scopesOf((String) claims.get("scope")).containsAll(scopesOf(requested)), "access token scope " + claims.get("scope"));
    }

    @Test
    void aScopeOutsideTheCeilingIsInvalidScopeWithStateAndIsNeverLinked() {
        for (String scope : List.of("patient/Observation.cruds", "user/Condition.rs", "system/Patient.rs")) {
            Response answer = new BrowserlessLogin(app.authorizationEndpoint())
                    .authorize(app.authorizeParams("openid launch/patient " + scope, Pkce.s256(), "st-out"));
            assertEquals(302, answer.statusCode(), scope + ": " + answer.asString());
            Map<String, String> redirect = BrowserlessLogin.query(answer.getHeader("Location"));
            assertEquals(REDIRECT, redirect.get("_redirect"), "errors go to the registered redirect URI");
            assertEquals("invalid_scope", redirect.get("error"), scope);
            assertEquals("st-out", redirect.get("state"));
            assertFalse(redirect.containsKey("code"));
            assertFalse(fixtures.linkedScopes(APP).contains(scope), scope + " must not be linked to the client");
        }
    }

    @Test
    void malformedAndOversizedSmartScopesAreInvalidScope() {
        String tooLong = "patient/Observation.rs?category=" + "a".repeat(250);
        for (String scope : List.of("patient/Observation.sr", "patient/observation.rs", "launch/location", tooLong)) {
            Response answer = new BrowserlessLogin(app.authorizationEndpoint())
                    .authorize(app.authorizeParams("openid launch/patient " + scope, Pkce.s256(), "st-bad"));
            Map<String, String> redirect = BrowserlessLogin.query(answer.getHeader("Location"));
            assertEquals("invalid_scope", redirect.get("error"), scope);
            assertEquals("st-bad", redirect.get("state"));
            assertEquals(0, fixtures.clientScopesNamed(scope));
        }
    }

    @Test
    void authorizeByFormPostWorks() {
        Map<String, String> params = app.authorizeParams("openid launch/patient patient/Observation.rs", Pkce.s256(), "st-post");
        Response page = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParams(params).post(app.authorizationEndpoint());
        assertEquals(200, page.statusCode(), page.asString());
        assertTrue(page.asString().contains("kc-form-login"), "the login page, not an error");
    }

    @Test
    void pushedAuthorizationRequestsMaterializeScopesToo() {
        String scope = "patient/Immunization.rs";
        Pkce pkce = Pkce.s256();
        Response pushed = confidential.token().formParams(confidential.authorizeParams("openid launch/patient " + scope, pkce, "st-par"))
                .post(issuer + "/protocol/openid-connect/ext/par/request");
        assertEquals(201, pushed.statusCode(), pushed.asString());
        Map<String, String> redirect = confidential.login(Map.of("client_id", CONFIDENTIAL,
                "request_uri", pushed.jsonPath().getString("request_uri")), USER, PASSWORD);
        assertTrue(redirect.containsKey("code"), "PAR launch redirect: " + redirect);
        assertEquals("st-par", redirect.get("state"));
        Response token = confidential.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        assertTrue(scopesOf(token.jsonPath().getString("scope")).contains(scope));
    }

    @Test
    void backendServicesGetSystemScopesWithinTheirCeilingOnly() {
        Response ok = backend.clientCredentials("system/Patient.rs system/Observation.read");
        assertEquals(200, ok.statusCode(), ok.asString());
        assertEquals(scopesOf("system/Patient.rs system/Observation.read"),
                scopesOf(ok.jsonPath().getString("scope")).stream().filter(s -> s.startsWith("system/"))
                        .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        assertFalse(ok.jsonPath().getMap("").containsKey("refresh_token"), "no refresh token for backend services");

        for (String scope : List.of("system/Patient.cruds", "patient/Patient.rs", "system/Patient.rs?category=x&category=x")) {
            Response refused = backend.clientCredentials(scope);
            assertEquals(400, refused.statusCode(), scope + ": " + refused.asString());
            assertEquals("invalid_scope", refused.jsonPath().getString("error"), scope);
            assertFalse(fixtures.linkedScopes(BACKEND).contains(scope), scope + " must not be linked to the backend client");
        }
    }

    @Test
    void twentyConcurrentFirstRequestsForANewScopeAllSucceedAndCreateItOnce() throws Exception {
        String scope = "patient/Observation.rs?category=concurrent-" + System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Integer>> requests = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                requests.add(() -> new BrowserlessLogin(app.authorizationEndpoint())
                        .authorize(app.authorizeParams("openid launch/patient " + scope, Pkce.s256(), "c")).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(requests)) {
                statuses.add(f.get());
            }
            assertEquals(java.util.Collections.nCopies(20, 200), statuses, "every request reaches the login page");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, fixtures.clientScopesNamed(scope), "created exactly once");
    }

    @Test
    void pkceIsS256OnlyAndEveryBadVerifierIsRejected() {
        Map<String, String> plain = app.authorizeParams("openid", Pkce.s256(), "st-plain");
        plain.put("code_challenge_method", "plain");
        Map<String, String> redirect = BrowserlessLogin.query(new BrowserlessLogin(app.authorizationEndpoint())
                .authorize(plain).getHeader("Location"));
        assertEquals("invalid_request", redirect.get("error"));
        assertEquals("st-plain", redirect.get("state"));

        for (String badVerifier : new String[] {null, "", "wrong-" + "x".repeat(43), "CHALLENGE"}) {
            Pkce pkce = Pkce.s256();
            Map<String, String> ok = app.login(app.authorizeParams("openid", pkce, "s"), USER, PASSWORD);
            String verifier = "CHALLENGE".equals(badVerifier) ? pkce.challenge() : badVerifier;
            var request = app.token().formParam("grant_type", "authorization_code").formParam("code", ok.get("code"))
                    .formParam("redirect_uri", REDIRECT);
            if (verifier != null) {
                request.formParam("code_verifier", verifier);
            }
            Response response = request.post(app.tokenEndpoint());
            assertEquals(400, response.statusCode(), badVerifier + ": " + response.asString());
            assertTrue(Set.of("invalid_grant", "invalid_request").contains(response.jsonPath().getString("error")), response.asString());
        }
    }
}
