package org.smartfhir.keycloak.it.launch;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.poll.Poll;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserlessLogin;
import org.smartfhir.keycloak.it.support.EhrLauncher;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/** The SMART EHR launch (requirements D20, D21): launch API, handle consumption, context in tokens and on refresh. */
@KeycloakTest
class EhrLaunchIT {

    private static final String APP = "ehr-launch-app";
    private static final String OTHER_APP = "ehr-launch-other-app";
    private static final String SECRET = "ehr-launch-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://ehr-launch-app.example.org/callback";
    private static final String EHR = "ehr-launch-ehr";
    private static final String NOT_EHR = "ehr-launch-not-an-ehr";
    private static final String RESOURCE_SERVER = "ehr-launch-fhir-server";
    private static final String CLINICIAN = "ehr-launch-clinician";
    private static final String OTHER_CLINICIAN = "ehr-launch-other-clinician";
    private static final String PASSWORD = "ehr-launch-Password-1234";
    private static final String SCOPE = "openid launch patient/Observation.rs offline_access";
    private static final String PATIENT_USER = "ehr-launch-patient";
    private static final String ONLINE_SCOPE = "openid launch patient/Observation.rs";

    private static String issuer;
    private static SmartApp app;
    private static EhrLauncher ehr;
    private static RealmFixtures fixtures;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        fixtures = new RealmFixtures(admin);
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, "patient/*.rs user/*.rs", false);
        fixtures.smartConfidentialClient(OTHER_APP, SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.serviceClient(EHR, SECRET, "smart-ehr-launcher");
        fixtures.serviceClient(NOT_EHR, SECRET);
        fixtures.serviceClient(RESOURCE_SERVER, SECRET, "smart-introspector");
        for (String user : List.of(CLINICIAN, OTHER_CLINICIAN)) {
            fixtures.user(user, PASSWORD);
            fixtures.grantRealmRoles(user, "smart-clinician");
        }
        fixtures.user(PATIENT_USER, PASSWORD);
        fixtures.grantRealmRoles(PATIENT_USER, "smart-patient");
        fixtures.linkPatients(PATIENT_USER, "pat-own");
        app = new SmartApp(issuer, APP, SECRET, REDIRECT);
        ehr = new EhrLauncher(issuer, EHR, SECRET);
    }

    @Test
    void anUnboundLaunchOpensOnlyForLaunchRolesOrTheLinkedPatient() {
        String foreignPatient = ehr.handle("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-someone-else\"}");
        assertRefused(authorizeWithLaunch(SCOPE, foreignPatient, "st-unbound", PATIENT_USER), "access_denied", "st-unbound");
        String own = ehr.handle("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-own\"}");
        assertNotNull(authorizeWithLaunch(SCOPE, own, "st-own", PATIENT_USER).get("code"), "a patient's own record");
    }

    @Test
    void aSecondLaunchInTheSameSessionRetiresTheFirstInsteadOfSwitchingItsPatient() {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Pkce first = Pkce.s256();
        Map<String, String> params = app.authorizeParams(ONLINE_SCOPE, first, "st-a");
        params.put("launch", ehr.handle("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-a\"}"));
        Response page = browser.authorize(params);
        Map<String, String> a = BrowserlessLogin.query(browser.acceptConsentIfAsked(browser.submitLogin(page, CLINICIAN, PASSWORD))
                .getHeader("Location"));
        JsonPath tokenA = app.exchange(a.get("code"), first.verifier()).jsonPath();
        assertEquals("pat-a", tokenA.getString("patient"));

        Pkce second = Pkce.s256();
        params = app.authorizeParams(ONLINE_SCOPE, second, "st-b");
        params.put("launch", ehr.handle("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-b\"}"));
        Response sso = browser.acceptConsentIfAsked(browser.authorize(params));
        assertEquals(302, sso.statusCode(), "signed in by the SSO cookie: " + sso.asString());
        Map<String, String> b = BrowserlessLogin.query(sso.getHeader("Location"));
        assertNotNull(b.get("code"), "signed in by the SSO cookie: " + b);
        JsonPath tokenB = app.exchange(b.get("code"), second.verifier()).jsonPath();
        assertEquals("pat-b", tokenB.getString("patient"));

        Response refreshedA = app.refresh(tokenA.getString("refresh_token"), null);
        assertEquals(400, refreshedA.statusCode(), "the first launch must launch again, never silently become pat-b: "
                + refreshedA.asString());
        assertEquals("invalid_grant", refreshedA.jsonPath().getString("error"));
        Response refreshedB = app.refresh(tokenB.getString("refresh_token"), null);
        assertEquals("pat-b", refreshedB.jsonPath().getString("patient"));

        JsonPath introspectedA = given().auth().oauth2(new EhrLauncher(issuer, RESOURCE_SERVER, SECRET).accessToken())
                .contentType("application/x-www-form-urlencoded").formParam("token", tokenA.getString("access_token"))
                .post(issuer + "/smart-introspect").then().statusCode(200).extract().jsonPath();
        assertEquals("pat-a", introspectedA.getString("patient"), "a token's context is its own, whatever came later");
    }

    @Test
    void aHandleOfAnotherClientIsNotBurnedByAClientThatLearnsIt() {
        String theirs = ehr.handle("{\"client_id\":\"" + OTHER_APP + "\",\"patient\":\"pat-1\"}");
        assertRefused(authorizeWithLaunch(SCOPE, theirs, "st-steal"), "invalid_request", "st-steal");
        SmartApp other = new SmartApp(issuer, OTHER_APP, SECRET, REDIRECT);
        Map<String, String> params = other.authorizeParams(SCOPE, Pkce.s256(), "st-theirs");
        params.put("launch", theirs);
        assertNotNull(other.login(params, CLINICIAN, PASSWORD).get("code"), "still usable by the client it was minted for");
    }

    @Test
    void onlyAnEhrServiceAccountTokenMayMint() {
        fixtures.user("ehr-launch-role-holder", PASSWORD);
        fixtures.grantRealmRoles("ehr-launch-role-holder", "smart-clinician", "smart-ehr-launcher");
        Response userToken = app.launch("openid user/Observation.rs", "ehr-launch-role-holder", PASSWORD);
        Response minted = given().auth().oauth2(userToken.jsonPath().getString("access_token")).contentType("application/json")
                .body("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-1\"}").post(ehr.launchEndpoint());
        assertEquals(403, minted.statusCode(), "a user's token, even a role holder's: " + minted.asString());
        assertEquals("insufficient_scope", minted.jsonPath().getString("error"));
    }

    private static Map<String, String> authorizeWithLaunch(String scope, String launch, String state) {
        return authorizeWithLaunch(scope, launch, state, CLINICIAN);
    }

    private static Map<String, String> authorizeWithLaunch(String scope, String launch, String state, String user) {
        Map<String, String> params = app.authorizeParams(scope, Pkce.s256(), state);
        if (launch != null) {
            params.put("launch", launch);
        }
        return app.login(params, user, PASSWORD);
    }

    @Test
    void contextFlowsFromTheEhrIntoTokenResponseAccessTokenAndSurvivesRefresh() {
        String launch = ehr.handle("""
                {"client_id":"%s","patient":"pat-123","encounter":"enc-456",
                 "fhirContext":[{"reference":"DiagnosticReport/dr-1"},{"reference":"Patient/pat-999","role":"https://example.org/roles/mother"}],
                 "need_patient_banner":false,"smart_style_url":"https://ehr.example.org/smart-style.json",
                 "intent":"reconcile-medications","tenant":"hospital-a"}""".formatted(APP));
        Pkce pkce = Pkce.s256();
        Map<String, String> params = app.authorizeParams(SCOPE, pkce, "st-ehr");
        params.put("launch", launch);
        Map<String, String> redirect = app.login(params, CLINICIAN, PASSWORD);
        assertNotNull(redirect.get("code"), redirect.toString());
        assertEquals("st-ehr", redirect.get("state"));

        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        JsonPath body = token.jsonPath();
        assertTrue(Arrays.asList(body.getString("scope").split(" ")).containsAll(List.of("launch", "patient/Observation.rs")),
                "launch is granted (D18): " + body.getString("scope"));
        assertContext(body.getMap(""));

        Map<String, Object> claims = Jwt.claims(body.getString("access_token"));
        assertContext(claims);

        Response refreshed = app.refresh(body.getString("refresh_token"), null);
        assertEquals(200, refreshed.statusCode(), refreshed.asString());
        assertContext(refreshed.jsonPath().getMap(""));
        assertContext(Jwt.claims(refreshed.jsonPath().getString("access_token")));
    }

    @SuppressWarnings("unchecked")
    private static void assertContext(Map<String, Object> fields) {
        assertEquals("pat-123", fields.get("patient"));
        assertEquals("enc-456", fields.get("encounter"));
        assertEquals(false, fields.get("need_patient_banner"));
        assertEquals("https://ehr.example.org/smart-style.json", fields.get("smart_style_url"));
        assertEquals("reconcile-medications", fields.get("intent"));
        assertEquals("hospital-a", fields.get("tenant"));
        List<Map<String, Object>> fhirContext = (List<Map<String, Object>>) fields.get("fhirContext");
        assertEquals(Map.of("reference", "DiagnosticReport/dr-1", "type", "DiagnosticReport"), fhirContext.get(0));
        assertEquals("https://example.org/roles/mother", fhirContext.get(1).get("role"));
    }

    @Test
    void aLaunchNamingOnlyThePatientGetsTheBannerAndTheRealmsStyleAndNothingElse() {
        String launch = ehr.handle("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-only\"}");
        Pkce pkce = Pkce.s256();
        Map<String, String> params = app.authorizeParams("openid launch patient/Patient.rs", pkce, "st-min");
        params.put("launch", launch);
        JsonPath body = app.exchange(app.login(params, CLINICIAN, PASSWORD).get("code"), pkce.verifier()).jsonPath();
        assertEquals("pat-only", body.getString("patient"));
        // context-banner and context-style are advertised, so both are answered on every launch.
        assertEquals(true, body.get("need_patient_banner"));
        assertEquals(issuer + "/smart-style", body.getString("smart_style_url"));
        for (String absent : List.of("encounter", "fhirContext", "intent", "tenant")) {
            assertNull(body.get(absent), absent);
        }
        // What the app then does with it: fetch the style from its own origin.
        Response style = given().header("Origin", "https://ehr-launch-app.example.org").get(body.getString("smart_style_url"));
        assertEquals(200, style.statusCode(), style.asString());
        assertTrue(style.contentType().startsWith("application/json"), style.contentType());
        assertEquals("*", style.header("Access-Control-Allow-Origin"));
        assertTrue(style.jsonPath().getString("color_highlight").matches("#[0-9a-f]{6}"), style.asString());
        assertNotNull(style.jsonPath().getString("font_family_body"));
    }

    @Test
    void aHandleIsSingleUse() {
        String launch = ehr.handle("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-1\"}");
        assertNotNull(authorizeWithLaunch(SCOPE, launch, "st-first").get("code"));
        Map<String, String> second = authorizeWithLaunch(SCOPE, launch, "st-second");
        assertRefused(second, "invalid_request", "st-second");
    }

    @Test
    void unknownForeignAndUserBoundHandlesYieldNoCode() {
        assertRefused(authorizeWithLaunch(SCOPE, "A".repeat(43), "st-unknown"), "invalid_request", "st-unknown");
        assertRefused(authorizeWithLaunch(SCOPE, "not a handle\r\nInjected: yes", "st-garbage"), "invalid_request", "st-garbage");

        String foreign = ehr.handle("{\"client_id\":\"" + OTHER_APP + "\",\"patient\":\"pat-1\"}");
        assertRefused(authorizeWithLaunch(SCOPE, foreign, "st-foreign"), "invalid_request", "st-foreign");
        assertRefused(authorizeWithLaunch(SCOPE, ehr.handle("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-1\"}") + "x",
                "st-longer"), "invalid_request", "st-longer");

        String bound = ehr.handle("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-1\",\"user\":\"" + OTHER_CLINICIAN + "\"}");
        assertRefused(authorizeWithLaunch(SCOPE, bound, "st-bound"), "access_denied", "st-bound");
        String mine = ehr.handle("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-1\",\"user\":\"" + CLINICIAN + "\"}");
        assertNotNull(authorizeWithLaunch(SCOPE, mine, "st-mine").get("code"), "bound to the user who signs in");
    }

    @Test
    void launchScopeAndLaunchParameterGoTogether() {
        assertRefused(authorizeWithLaunch(SCOPE, null, "st-noparam"), "invalid_request", "st-noparam");
        String launch = ehr.handle("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-1\"}");
        assertRefused(authorizeWithLaunch("openid user/Observation.rs", launch, "st-noscope"), "invalid_scope", "st-noscope");
    }

    @Test
    void anExpiredHandleYieldsNoCode() {
        KeycloakAdmin admin = fixtures.admin();
        admin.setRealmAttribute(RealmFixtures.REALM, "smart.launch.ttl.seconds", "10");
        String launch;
        Instant expired;
        try {
            Response minted = ehr.mint("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-1\"}");
            expired = Instant.now().plusSeconds(minted.jsonPath().getInt("expires_in") + 1L);
            assertEquals(10, minted.jsonPath().getInt("expires_in"));
            launch = minted.jsonPath().getString("launch");
        } finally {
            admin.setRealmAttribute(RealmFixtures.REALM, "smart.launch.ttl.seconds", "300");
        }
        // The store's lifespan runs on the machine's clock, which the server and this test share.
        Poll.until("the handle's lifetime passes", Duration.ofSeconds(30), () -> Instant.now().isAfter(expired));
        assertRefused(authorizeWithLaunch(SCOPE, launch, "st-expired"), "invalid_request", "st-expired");
    }

    @Test
    void racingConsumersGetTheHandleOnceBetweenThem() throws Exception {
        String launch = ehr.handle("{\"client_id\":\"" + APP + "\",\"patient\":\"pat-race\"}");
        int racers = 6;
        for (int i = 0; i < racers; i++) {
            fixtures.user("ehr-launch-racer-" + i, PASSWORD);
            fixtures.grantRealmRoles("ehr-launch-racer-" + i, "smart-clinician");
        }
        CyclicBarrier start = new CyclicBarrier(racers);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Map<String, String>>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String state = "st-race-" + i;
                String racer = "ehr-launch-racer-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return authorizeWithLaunch(SCOPE, launch, state, racer);
                }));
            }
            int codes = 0;
            for (Future<Map<String, String>> result : results) {
                Map<String, String> redirect = result.get();
                if (redirect.containsKey("code")) {
                    codes++;
                } else {
                    assertEquals("invalid_request", redirect.get("error"), redirect.toString());
                }
            }
            assertEquals(1, codes, "exactly one of " + racers + " racing logins obtains a code");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertRefused(Map<String, String> redirect, String error, String state) {
        assertFalse(redirect.containsKey("code"), redirect.toString());
        assertEquals(error, redirect.get("error"), redirect.toString());
        assertNotNull(redirect.get("error_description"));
        assertEquals(state, redirect.get("state"));
        assertEquals(issuer, redirect.get("iss"));
    }

    @Test
    void theLaunchApiAuthenticatesAuthorizesAndValidates() {
        String body = "{\"client_id\":\"" + APP + "\",\"patient\":\"pat-1\"}";
        Response none = given().contentType("application/json").body(body).post(ehr.launchEndpoint());
        assertEquals(401, none.statusCode());
        assertEquals("invalid_token", none.jsonPath().getString("error"));
        assertEquals(401, given().auth().oauth2("eyJhbGciOiJub25lIn0.e30.").contentType("application/json").body(body)
                .post(ehr.launchEndpoint()).statusCode());

        String notEhr = new EhrLauncher(issuer, NOT_EHR, SECRET).accessToken();
        Response forbidden = given().auth().oauth2(notEhr).contentType("application/json").body(body).post(ehr.launchEndpoint());
        assertEquals(403, forbidden.statusCode());
        assertEquals("insufficient_scope", forbidden.jsonPath().getString("error"));

        Response bad = ehr.mint("{\"client_id\":\"" + APP + "\",\"patient\":\"Patient/1\"}");
        assertEquals(400, bad.statusCode());
        assertEquals("invalid_request", bad.jsonPath().getString("error"));
        assertTrue(bad.jsonPath().getString("error_description").startsWith("patient"), bad.asString());
        assertEquals(400, ehr.mint("{\"client_id\":\"no-such-app\"}").statusCode());
        assertEquals(400, ehr.mint("{\"client_id\":\"" + APP + "\",\"user\":\"no-such-user\"}").statusCode());
        assertEquals(400, ehr.mint("{\"client_id\":\"" + APP + "\",\"fhirContext\":[{\"type\":\"Observation\"}]}").statusCode());
        assertEquals(400, ehr.mint("x".repeat(20_000)).statusCode());
        assertEquals(415, given().auth().oauth2(ehr.accessToken()).contentType("text/plain").body(body)
                .post(ehr.launchEndpoint()).statusCode());
        assertTrue(given().auth().oauth2(ehr.accessToken()).header("Content-Type", "application/json; charset=\"")
                .body(body).post(ehr.launchEndpoint()).statusCode() < 500, "a malformed Content-Type is never a server error");

        Response ok = ehr.mint(body);
        assertEquals(200, ok.statusCode());
        assertEquals(300, ok.jsonPath().getInt("expires_in"));
        assertTrue(ok.jsonPath().getString("launch").matches("[A-Za-z0-9_-]{43}"), "256 random bits, base64url");
        assertTrue(ok.getHeader("Cache-Control").contains("no-store"));
    }

    /** RFC 6750 §3: a malformed Authorization header is answered with an error code, a description and the challenge. */
    @Test
    void aMalformedAuthorizationHeaderGetsABearerChallengeAndAReason() {
        String body = "{\"client_id\":\"" + APP + "\"}";
        for (String header : List.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer a b")) {
            Response answer = given().header("Authorization", header).contentType("application/json").body(body)
                    .post(ehr.launchEndpoint());
            assertEquals(401, answer.statusCode(), header);
            assertEquals("invalid_token", answer.jsonPath().getString("error"), header);
            assertNotNull(answer.jsonPath().getString("error_description"), header);
            assertTrue(answer.getHeader("WWW-Authenticate").startsWith("Bearer"), header);
        }
    }
}
