package org.smartfhir.keycloak.it.stepup;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserlessLogin;
import org.smartfhir.keycloak.it.support.FhirTestServer;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;
import org.smartfhir.keycloak.it.support.StepUpSettings;
import org.smartfhir.keycloak.it.support.Totp;

/**
 * Assurance levels over HTTP, with the template's defaults (AAL2 for every sign-in, AAL3 for writes): password + TOTP
 * gives AAL2 with {@code acr} and {@code amr} in the tokens, unchanged on refresh; a read-only launch in the same
 * browser session is not stepped up, a write launch is (a user without a key is offered its registration, never on a
 * password alone); {@code max_age=0} asks again; a password alone is not enough; an {@code acr} that cannot be met is
 * an OAuth error; userinfo carries {@code acr} and {@code amr}; and without the step-up step the token endpoint refuses a write
 * grant on a password (fail closed). The WebAuthn parts run in a real browser ({@code StepUpBrowserIT}).
 */
@KeycloakTest
class AssuranceLevelIT {

    static final String AAL1 = "http://idmanagement.gov/ns/assurance/aal/1";
    static final String AAL2 = "http://idmanagement.gov/ns/assurance/aal/2";
    static final String AAL3 = "http://idmanagement.gov/ns/assurance/aal/3";

    private static final String APP = "assurance-app";
    private static final String REDIRECT = "https://assurance-app.example.org/callback";
    private static final String PASSWORD = "assurance-Password-1234";
    private static final String READ = "openid launch/patient patient/Observation.rs";
    private static final String WRITE = "openid launch/patient patient/Observation.cud";

    private static SmartApp app;
    private static RealmFixtures fixtures;
    private static StepUpSettings stepUp;
    private static String issuer;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        fixtures = new RealmFixtures(admin);
        fixtures.smartPublicClientWithAcr(APP, REDIRECT, "patient/*.cruds");
        app = new SmartApp(issuer, APP, null, REDIRECT);
        stepUp = new StepUpSettings(admin);
        stepUp.levels("aal2", "aal3");
    }

    @AfterAll
    static void restore() {
        stepUp.levels("aal1", "aal1");
        stepUp.enabled(true);
    }

    private static Totp patientWithTotp(String name) {
        Totp totp = Totp.random();
        fixtures.userWithTotp(name, PASSWORD, totp);
        fixtures.grantRealmRoles(name, "smart-patient");
        fixtures.linkPatients(name, "assurance-pat-1");
        return totp;
    }

    @Test
    void oidcMetadataListsTheNistLevels() {
        List<String> acrValues = given().get(issuer + "/.well-known/openid-configuration").jsonPath().getList("acr_values_supported");
        assertTrue(acrValues.containsAll(List.of(AAL1, AAL2, AAL3)), String.valueOf(acrValues));
    }

    @Test
    void passwordAndTotpIsAal2AndReadingInTheSameSessionIsNotSteppedUp() {
        Totp totp = patientWithTotp("assurance-totp");
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Pkce pkce = Pkce.s256();
        Response otpPage = browser.submitLogin(browser.authorize(app.authorizeParams(READ, pkce, "s1")), "assurance-totp", PASSWORD);
        assertTrue(BrowserlessLogin.isOtpPage(otpPage), "AAL2: the one-time code is asked for: " + otpPage.asString());
        Map<String, String> redirect = redirect(browser.acceptConsentIfAsked(browser.submitOtp(otpPage, totp)));
        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        assertClaims(token.jsonPath().getString("access_token"), AAL2, List.of("pwd", "otp", "mfa"));
        assertClaims(token.jsonPath().getString("id_token"), AAL2, List.of("pwd", "otp", "mfa"));
        // userinfo states the same level and methods as the id_token (OpenID Connect Core §5.3.2).
        Response userinfo = given().auth().oauth2(token.jsonPath().getString("access_token")).get(issuer + "/protocol/openid-connect/userinfo");
        assertEquals(200, userinfo.statusCode(), userinfo.asString());
        assertEquals(AAL2, userinfo.jsonPath().getString("acr"), userinfo.asString());
        assertEquals(List.of("pwd", "otp", "mfa"), userinfo.jsonPath().getList("amr"), userinfo.asString());

        Response refreshed = app.refresh(token.jsonPath().getString("refresh_token"), null);
        assertEquals(200, refreshed.statusCode(), refreshed.asString());
        assertClaims(refreshed.jsonPath().getString("access_token"), AAL2, List.of("pwd", "otp", "mfa"));

        Pkce again = Pkce.s256();
        Response sso = browser.acceptConsentIfAsked(browser.authorize(app.authorizeParams(READ, again, "s2")));
        assertEquals(302, sso.statusCode(), "reading again needs no new factor: " + sso.asString());
        Response second = app.exchange(BrowserlessLogin.query(sso.getHeader("Location")).get("code"), again.verifier());
        assertClaims(second.jsonPath().getString("access_token"), AAL2, List.of("pwd", "otp", "mfa"));

        // A write needs AAL3: a WebAuthn proof now. This user has no key, so the sign-in offers its registration
        // right here, on the strength of the AAL2 session, instead of a code or an error (StepUpBrowserIT does the
        // registration and the proof in a real browser).
        Response write = browser.authorize(app.authorizeParams(WRITE, Pkce.s256(), "s3"));
        assertSecurityKeyRegistration(write);
    }

    /**
     * A first sign-in with only a password asking to write: the authenticator app is set up first, and only then is a
     * security key offered — a key is never bound on a password alone (NIST SP 800-63B §6.1.2.1).
     */
    @Test
    void aWriteOnAPasswordAloneSetsUpTheSecondFactorBeforeOfferingAKey() {
        fixtures.user("assurance-new-writer", PASSWORD);
        fixtures.grantRealmRoles("assurance-new-writer", "smart-patient");
        fixtures.linkPatients("assurance-new-writer", "assurance-pat-1");
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Response next = browser.submitLogin(browser.authorize(app.authorizeParams(WRITE, Pkce.s256(), "w1")),
                "assurance-new-writer", PASSWORD);
        assertFalse(next.asString().contains("registerWebAuthn"), "no key registration on a password alone: " + next.asString());
        String secret = BrowserlessLogin.totpSetupSecret(next)
                .orElseThrow(() -> new AssertionError("expected the authenticator-app setup first: " + next.asString()));
        assertSecurityKeyRegistration(browser.submitTotpSetup(next, secret));
    }

    /** Keycloak's security-key registration page, shown inside the sign-in: no code and no error for the app yet. */
    private static void assertSecurityKeyRegistration(Response page) {
        assertEquals(200, page.statusCode(), "expected a page, got " + page.statusCode() + " to " + page.getHeader("Location"));
        assertTrue(page.asString().contains("id=\"registerWebAuthn\""), "the security key registration page: " + page.asString());
    }

    @Test
    void maxAgeZeroAsksForTheFactorsAgain() {
        Totp totp = patientWithTotp("assurance-max-age");
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Response otpPage = browser.submitLogin(browser.authorize(app.authorizeParams(READ, Pkce.s256(), "m1")), "assurance-max-age", PASSWORD);
        redirect(browser.acceptConsentIfAsked(browser.submitOtp(otpPage, totp)));

        Map<String, String> params = new java.util.LinkedHashMap<>(app.authorizeParams(READ, Pkce.s256(), "m2"));
        params.put("max_age", "0");
        Response again = browser.authorize(params);
        assertEquals(200, again.statusCode(), "max_age=0: no code from the existing sign-in");
        assertTrue(again.asString().contains("kc-form-login"), "the sign-in form again: " + again.asString());
    }

    /**
     * A first sign-in with only a password: the authenticator app is set up right after the password, before the
     * consent page (which names the app and the records it wants), and the grant then has AAL2 with the code in
     * its {@code amr} (setting the app up means entering one of its codes).
     */
    @Test
    void aPasswordAloneIsNotEnoughTheSecondFactorIsSetUpBeforeTheConsentPage() {
        fixtures.user("assurance-password-only", PASSWORD);
        fixtures.grantRealmRoles("assurance-password-only", "smart-patient");
        fixtures.linkPatients("assurance-password-only", "assurance-pat-1");
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Pkce pkce = Pkce.s256();
        Response next = browser.submitLogin(browser.authorize(app.authorizeParams(READ, pkce, "p1")),
                "assurance-password-only", PASSWORD);
        assertFalse(BrowserlessLogin.isConsentPage(next), "no consent page on a password alone");
        assertEquals(200, next.statusCode(), "no code on a password alone: " + next.getHeader("Location"));
        String secret = BrowserlessLogin.totpSetupSecret(next)
                .orElseThrow(() -> new AssertionError("expected the authenticator-app setup first: " + next.asString()));
        Response consent = browser.submitTotpSetup(next, secret);
        assertTrue(BrowserlessLogin.isConsentPage(consent), "the consent page once the second factor exists: " + consent.asString());
        Map<String, String> redirect = redirect(browser.submitConsent(consent, null, true));
        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        assertClaims(token.jsonPath().getString("access_token"), AAL2, List.of("pwd", "otp", "mfa"));
        assertClaims(token.jsonPath().getString("id_token"), AAL2, List.of("pwd", "otp", "mfa"));
        assertTrue(fixtures.admin().get("/realms/" + RealmFixtures.REALM + "/users/" + fixtures.userId("assurance-password-only"))
                .path("requiredActions").isEmpty(), "the set-up is not asked again after the flow");
    }

    /**
     * A clinician's first sign-in: the patient search (a list of patients' names) comes only after the authenticator
     * app is set up; a wrong code keeps the user on the set-up page.
     */
    @Test
    void aClinicianSearchesPatientsOnlyAfterSettingUpTheSecondFactor() {
        fixtures.configurePicker(Map.of("fhir.base.url", FhirTestServer.shared().base()));
        fixtures.user("assurance-clinician", PASSWORD);
        fixtures.grantRealmRoles("assurance-clinician", "smart-clinician");
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Pkce pkce = Pkce.s256();
        Response next = browser.submitLogin(browser.authorize(app.authorizeParams(READ, pkce, "c1")),
                "assurance-clinician", PASSWORD);
        assertFalse(BrowserlessLogin.isPickerPage(next), "no patient search on a password alone: " + next.asString());
        String secret = BrowserlessLogin.totpSetupSecret(next)
                .orElseThrow(() -> new AssertionError("expected the authenticator-app setup first: " + next.asString()));
        Response wrong = browser.submitTotpSetup(next, secret, "not-a-code");
        assertFalse(BrowserlessLogin.isPickerPage(wrong), "a wrong code sets nothing up: " + wrong.asString());
        assertTrue(BrowserlessLogin.totpSetupSecret(wrong).isPresent(), "the set-up page again: " + wrong.asString());
        Response picker = browser.submitTotpSetup(wrong, secret);
        assertTrue(BrowserlessLogin.isPickerPage(picker), "the picker once the second factor exists: " + picker.asString());
    }

    /** acr_values is honoured: asking for AAL3 from a user without a key leads to the key's registration, no code. */
    @Test
    void acrValuesAskingForAal3AreHonoured() {
        Totp totp = patientWithTotp("assurance-acr-values");
        Map<String, String> params = new java.util.LinkedHashMap<>(app.authorizeParams(READ, Pkce.s256(), "a1"));
        params.put("acr_values", AAL3);
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Response otpPage = browser.submitLogin(browser.authorize(params), "assurance-acr-values", PASSWORD);
        assertSecurityKeyRegistration(browser.submitOtp(otpPage, totp));
    }

    @Test
    void anEssentialAcrThatCannotBeMetIsAnOAuthError() {
        Map<String, String> params = new java.util.LinkedHashMap<>(app.authorizeParams(READ, Pkce.s256(), "e1"));
        params.put("claims", "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"urn:example:unknown-level\"]}}}");
        Response answer = new BrowserlessLogin(app.authorizationEndpoint()).authorize(params);
        assertNotEquals(500, answer.statusCode());
        if (answer.statusCode() == 302) {
            Map<String, String> redirect = BrowserlessLogin.query(answer.getHeader("Location"));
            assertTrue(redirect.containsKey("error"), String.valueOf(redirect));
            assertEquals("e1", redirect.get("state"));
        } else {
            assertEquals(400, answer.statusCode(), answer.asString());
        }
    }

    /** The token endpoint's backstop: without the step the flow asks for a password only, and the code is refused. */
    @Test
    void withoutTheStepUpStepAWriteGrantOnAPasswordIsRefusedAtTheTokenEndpoint() {
        fixtures.user("assurance-misconfigured", PASSWORD);
        fixtures.grantRealmRoles("assurance-misconfigured", "smart-patient");
        fixtures.linkPatients("assurance-misconfigured", "assurance-pat-1");
        stepUp.enabled(false);
        try {
            Pkce pkce = Pkce.s256();
            Map<String, String> redirect = app.login(app.authorizeParams(WRITE, pkce, "g1"), "assurance-misconfigured", PASSWORD);
            Response token = app.exchange(redirect.get("code"), pkce.verifier());
            assertEquals(400, token.statusCode(), token.asString());
            assertEquals("invalid_grant", token.jsonPath().getString("error"));
            assertTrue(token.jsonPath().getString("error_description").contains("assurance level"), token.asString());
        } finally {
            stepUp.enabled(true);
        }
    }

    private static Map<String, String> redirect(Response answer) {
        assertEquals(302, answer.statusCode(), answer.asString());
        Map<String, String> redirect = BrowserlessLogin.query(answer.getHeader("Location"));
        assertTrue(redirect.containsKey("code"), String.valueOf(redirect));
        return redirect;
    }

    static void assertClaims(String jwt, String acr, List<String> amr) {
        Map<String, Object> claims = Jwt.claims(jwt);
        assertEquals(acr, claims.get("acr"), "acr in " + claims);
        assertEquals(amr, claims.get("amr"), "amr in " + claims);
    }
}
