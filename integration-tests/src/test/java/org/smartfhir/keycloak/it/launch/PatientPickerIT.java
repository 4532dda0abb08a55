package org.smartfhir.keycloak.it.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.FreePort;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserlessLogin;
import org.smartfhir.keycloak.it.support.FhirTestServer;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * Standalone launch context (requirement D19 and {@code launch/patient}, {@code launch/encounter}) against a real HAPI
 * FHIR server: clinicians search, patients choose among their linked records, and only offered ids are accepted.
 */
@KeycloakTest
class PatientPickerIT {

    private static final String APP = "picker-app";
    private static final String SECRET = "picker-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://picker-app.example.org/callback";
    private static final String CLINICIAN = "picker-clinician";
    private static final String PARENT = "picker-parent";
    private static final String LONELY = "picker-lonely";
    private static final String SINGLE = "picker-single";
    private static final String PASSWORD = "picker-Password-1234";

    private static String issuer;
    private static SmartApp app;
    private static RealmFixtures fixtures;
    private static FhirTestServer fhir;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        fixtures = new RealmFixtures(admin);
        fhir = FhirTestServer.shared();
        defaults();
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.user(CLINICIAN, PASSWORD);
        fixtures.grantRealmRoles(CLINICIAN, "smart-clinician");
        fixtures.user(PARENT, PASSWORD);
        fixtures.grantRealmRoles(PARENT, "smart-patient");
        fixtures.linkPatients(PARENT, "pat-smith-1", "pat-smith-2");
        fixtures.user(SINGLE, PASSWORD);
        fixtures.grantRealmRoles(SINGLE, "smart-patient");
        fixtures.linkPatients(SINGLE, "pat-jones-5");
        fixtures.user(LONELY, PASSWORD);
        fixtures.grantRealmRoles(LONELY, "smart-patient");
        app = new SmartApp(issuer, APP, SECRET, REDIRECT);
    }

    @AfterEach
    void restore() {
        fhir.delay(0);
        defaults();
    }

    private static void defaults() {
        fixtures.configurePicker(Map.of("fhir.base.url", fhir.base(), "page.size", "2", "timeout.seconds", "2"));
    }

    /** Authorize and log in; returns the browserless session positioned on whatever page came next. */
    private record Launch(BrowserlessLogin browser, Pkce pkce, Response page) {
    }

    private static Launch start(String scope, String user, String state) {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Pkce pkce = Pkce.s256();
        Response login = browser.authorize(app.authorizeParams(scope, pkce, state));
        return new Launch(browser, pkce, browser.submitLogin(login, user, PASSWORD));
    }

    private static Response finish(Launch launch, Response page) {
        Response redirect = launch.browser().acceptConsentIfAsked(page);
        assertEquals(302, redirect.statusCode(), redirect.asString());
        Map<String, String> query = BrowserlessLogin.query(redirect.getHeader("Location"));
        assertTrue(query.containsKey("code"), query.toString());
        Response token = app.exchange(query.get("code"), launch.pkce().verifier());
        assertEquals(200, token.statusCode(), token.asString());
        return token;
    }

    @Test
    void aClinicianSearchesPagesAndPicksAPatientWithALeastPrivilegeToken() throws Exception {
        Launch launch = start("openid launch/patient patient/Observation.rs", CLINICIAN, "st-search");
        assertTrue(BrowserlessLogin.isPickerPage(launch.page()), launch.page().asString());
        int before = fhir.authorizations().size();

        Response first = launch.browser().submitPicker(launch.page(), Map.of("search", "search", "name", "smith"));
        assertEquals(List.of("pat-smith-1", "pat-smith-2"), BrowserlessLogin.pickerChoices(first));
        assertTrue(first.asString().contains("smart-picker-next"), "a next page exists");
        Response second = launch.browser().submitPicker(first, Map.of("next", "next"));
        assertEquals(List.of("pat-smith-3", "pat-smithers-4"), BrowserlessLogin.pickerChoices(second));

        Response token = finish(launch, launch.browser().submitPicker(second, Map.of("select", "select", "patient", "pat-smith-3")));
        assertEquals("pat-smith-3", token.jsonPath().getString("patient"));
        assertTrue(token.jsonPath().getString("scope").contains("launch/patient"), "launch/patient is granted (D18)");

        List<String> used = fhir.authorizations().subList(before, fhir.authorizations().size());
        assertEquals(2, used.size(), "one FHIR request per page");
        SignedJWT picker = SignedJWT.parse(used.get(0).substring("Bearer ".length()));
        var key = JWKSet.load(new URL(issuer + "/protocol/openid-connect/certs")).getKeyByKeyId(picker.getHeader().getKeyID()).toRSAKey();
        assertTrue(picker.verify(new RSASSAVerifier(key)), "signed by the realm");
        JWTClaimsSet claims = picker.getJWTClaimsSet();
        assertEquals(issuer, claims.getIssuer());
        assertEquals(List.of(fhir.base()), claims.getAudience(), "only for this FHIR server");
        assertEquals("user/Patient.rs", claims.getStringClaim("scope"), "only patient search, as this user");
        assertEquals(60, (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000);
        assertEquals(fixtures.userId(CLINICIAN), claims.getStringClaim("smart_on_behalf_of"));
        assertNull(claims.getClaim("sid"), "no user session behind it");
    }

    @Test
    void aFormCannotPickAPatientThePageDidNotOffer() {
        Launch launch = start("openid launch/patient patient/Observation.rs", CLINICIAN, "st-tamper");
        Response results = launch.browser().submitPicker(launch.page(), Map.of("search", "search", "name", "smith"));
        Response tampered = launch.browser().submitPicker(results, Map.of("select", "select", "patient", "pat-jones-5"));
        assertTrue(BrowserlessLogin.isPickerPage(tampered), "the picker again, no code: " + tampered.statusCode());
        Response injected = launch.browser().submitPicker(tampered, Map.of("select", "select", "patient", "pat-smith-1 pat-jones-5"));
        assertTrue(BrowserlessLogin.isPickerPage(injected));
    }

    @Test
    void fhirTextIsEscapedAndAHostileQueryIsHarmless() {
        Launch launch = start("openid launch/patient patient/Observation.rs", CLINICIAN, "st-xss");
        Response results = launch.browser().submitPicker(launch.page(), Map.of("search", "search", "name", "<script>"));
        assertEquals(List.of("pat-evil-6"), BrowserlessLogin.pickerChoices(results));
        assertFalse(results.asString().contains("<script>alert(1)</script>"), "patient names are HTML-escaped");
        assertFalse(results.asString().contains("\u202E"), "invisible bidi characters are stripped");
        Response refused = launch.browser().submitPicker(results, Map.of("search", "search", "name", "x".repeat(101)));
        assertTrue(BrowserlessLogin.isPickerPage(refused));
        assertTrue(BrowserlessLogin.pickerChoices(refused).isEmpty());
    }

    @Test
    void aParentSeesOnlyTheirLinkedPatients() {
        Launch launch = start("openid launch/patient patient/Observation.rs", PARENT, "st-parent");
        assertEquals(List.of("pat-smith-1", "pat-smith-2"), BrowserlessLogin.pickerChoices(launch.page()));
        assertFalse(launch.page().asString().contains("smart-picker-name"), "no search box for patients");
        Response searched = launch.browser().submitPicker(launch.page(), Map.of("search", "search", "name", "jones"));
        assertEquals(List.of("pat-smith-1", "pat-smith-2"), BrowserlessLogin.pickerChoices(searched), "patients cannot search");
        Response smuggled = launch.browser().submitPicker(searched, Map.of("select", "select", "patient", "pat-jones-5"));
        assertEquals(List.of("pat-smith-1", "pat-smith-2"), BrowserlessLogin.pickerChoices(smuggled), "nor pick an unlinked one");
        Response token = finish(launch, launch.browser().submitPicker(smuggled, Map.of("select", "select", "patient", "pat-smith-2")));
        assertEquals("pat-smith-2", token.jsonPath().getString("patient"));
    }

    @Test
    void aPatientWithoutALinkedRecordGetsNoCode() {
        Launch launch = start("openid launch/patient patient/Observation.rs", LONELY, "st-lonely");
        assertEquals(302, launch.page().statusCode(), launch.page().asString());
        Map<String, String> redirect = BrowserlessLogin.query(launch.page().getHeader("Location"));
        assertEquals("access_denied", redirect.get("error"));
        assertEquals("st-lonely", redirect.get("state"));
    }

    @Test
    void encountersArePickedAfterThePatientOrChosenSilentlyWhenThereIsOne() throws Exception {
        Launch launch = start("openid launch/patient launch/encounter patient/Observation.rs", CLINICIAN, "st-enc");
        Response results = launch.browser().submitPicker(launch.page(), Map.of("search", "search", "name", "alice"));
        int before = fhir.authorizations().size();
        Response encounters = launch.browser().submitPicker(results, Map.of("select", "select", "patient", "pat-smith-1"));
        JWTClaimsSet encounterToken = SignedJWT.parse(fhir.authorizations().get(before).substring("Bearer ".length())).getJWTClaimsSet();
        assertEquals("patient/Encounter.rs", encounterToken.getStringClaim("scope"), "encounters of the chosen patient only");
        assertEquals("pat-smith-1", encounterToken.getStringClaim("patient"));
        assertTrue(BrowserlessLogin.isPickerPage(encounters), encounters.asString());
        assertEquals(List.of("enc-1", "enc-2"), BrowserlessLogin.pickerChoices(encounters).stream().sorted().toList());
        Response token = finish(launch, launch.browser().submitPicker(encounters, Map.of("select", "select", "encounter", "enc-2")));
        assertEquals("pat-smith-1", token.jsonPath().getString("patient"));
        assertEquals("enc-2", token.jsonPath().getString("encounter"));

        Launch single = start("openid launch/patient launch/encounter patient/Observation.rs", CLINICIAN, "st-enc1");
        Response bob = single.browser().submitPicker(single.page(), Map.of("search", "search", "name", "bob"));
        Response silent = finish(single, single.browser().submitPicker(bob, Map.of("select", "select", "patient", "pat-smith-2")));
        assertEquals("enc-3", silent.jsonPath().getString("encounter"));
    }

    @Test
    void aSlowOrDownFhirServerShowsAnErrorPageNeverA500() {
        fhir.delay(4_000);
        Launch slow = start("openid launch/patient patient/Observation.rs", CLINICIAN, "st-slow");
        Response timedOut = slow.browser().submitPicker(slow.page(), Map.of("search", "search", "name", "smith"));
        assertEquals(502, timedOut.statusCode());
        assertTrue(timedOut.asString().contains("not reachable"), timedOut.asString());
        fhir.delay(0);

        fixtures.configurePicker(Map.of("fhir.base.url", "http://127.0.0.1:" + FreePort.pick() + "/fhir"));
        Launch down = start("openid launch/patient patient/Observation.rs", CLINICIAN, "st-down");
        Response refused = down.browser().submitPicker(down.page(), Map.of("search", "search", "name", "smith"));
        assertEquals(502, refused.statusCode());
        assertFalse(refused.asString().contains("Exception"), "no stack trace");

        int before = fhir.authorizations().size();
        fixtures.configurePicker(Map.of("fhir.base.url", fhir.base().replace("127.0.0.1", "fhir.example.org")));
        Launch plain = start("openid launch/patient patient/Observation.rs", CLINICIAN, "st-plain-http");
        assertEquals(502, plain.browser().submitPicker(plain.page(), Map.of("search", "search", "name", "smith")).statusCode(),
                "no bearer token over plain http beyond loopback");
        assertEquals(before, fhir.authorizations().size());
    }

    @Test
    void aRestartedLoginNeverInheritsThePreviousUsersPatient() {
        Launch launch = start("openid launch/patient patient/Observation.rs", CLINICIAN, "st-restart");
        Response results = launch.browser().submitPicker(launch.page(), Map.of("search", "search", "name", "alice"));
        Response consent = launch.browser().submitPicker(results, Map.of("select", "select", "patient", "pat-smith-1"));
        assertTrue(BrowserlessLogin.isConsentPage(consent), consent.asString());
        String restart = BrowserlessLogin.restartLink(consent).orElseThrow(() -> new AssertionError("no restart link"));
        Response login = launch.browser().open(restart);
        Response token = finish(launch, launch.browser().submitLogin(login, SINGLE, PASSWORD));
        assertEquals("pat-jones-5", token.jsonPath().getString("patient"), "the new user's own patient, not the clinician's pick");
    }

    @Test
    void withoutThePickerStepPatientScopedCodesAreNotExchanged() {
        String executions = "/realms/smart/authentication/flows/smart%20browser/executions";
        com.fasterxml.jackson.databind.node.ObjectNode picker = null;
        for (var execution : fixtures.admin().get(executions)) {
            if ("smart-patient-picker".equals(execution.path("providerId").asText())) {
                picker = (com.fasterxml.jackson.databind.node.ObjectNode) execution;
            }
        }
        try {
            picker.put("requirement", "DISABLED");
            assertEquals(204, fixtures.admin().put(executions, picker.toString()));
            Launch launch = start("openid launch/patient patient/Observation.rs", CLINICIAN, "st-nopicker");
            Response redirect = launch.browser().acceptConsentIfAsked(launch.page());
            Map<String, String> query = BrowserlessLogin.query(redirect.getHeader("Location"));
            Response token = app.exchange(query.get("code"), launch.pkce().verifier());
            assertEquals(400, token.statusCode(), "a misconfigured flow fails closed: " + token.asString());
            assertEquals("invalid_grant", token.jsonPath().getString("error"));
        } finally {
            picker.put("requirement", "REQUIRED");
            assertEquals(204, fixtures.admin().put(executions, picker.toString()));
        }
    }

    @Test
    void cancellingThePickerIsAccessDenied() {
        Launch launch = start("openid launch/patient patient/Observation.rs", CLINICIAN, "st-cancel");
        Response cancelled = launch.browser().submitPicker(launch.page(), Map.of("cancel", "cancel"));
        Map<String, String> redirect = BrowserlessLogin.query(cancelled.getHeader("Location"));
        assertEquals("access_denied", redirect.get("error"));
        assertEquals("st-cancel", redirect.get("state"));
    }

    @Test
    void patientScopesWithoutAPatientContextScopeAreRefusedBeforeLogin() {
        Response answer = new BrowserlessLogin(app.authorizationEndpoint())
                .authorize(app.authorizeParams("openid launch/encounter patient/Observation.rs", Pkce.s256(), "st-d19"));
        Map<String, String> redirect = BrowserlessLogin.query(answer.getHeader("Location"));
        assertEquals("invalid_scope", redirect.get("error"), redirect.toString());
        assertEquals("st-d19", redirect.get("state"));
        assertFalse(fixtures.linkedScopes(APP).contains("launch/encounter"), "nothing is created for a refused request");
    }
}
