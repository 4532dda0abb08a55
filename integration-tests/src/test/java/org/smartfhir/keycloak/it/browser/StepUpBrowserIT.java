package org.smartfhir.keycloak.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserLaunch;
import org.smartfhir.keycloak.it.support.Chromium;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;
import org.smartfhir.keycloak.it.support.StepUpSettings;
import org.smartfhir.keycloak.it.support.Totp;

/**
 * WebAuthn step-up in real Chromium with a virtual authenticator (CTAP2, resident keys, user verification) — a real
 * WebAuthn ceremony, no mocked credential — under the template's defaults: password + TOTP is AAL2, a write launch then
 * asks for the security key and only afterwards issues a code with AAL3; a {@code prompt=login} sign-in's amr names
 * only its own methods; a clinician without a key registers one in the same sign-in and writes; a passkey sign-in is
 * AAL3 at once and is not asked again for writes; {@code max_age=0} signs in again. The browser talks to {@code localhost}: WebAuthn refuses IP
 * addresses as relying party ids.
 */
@KeycloakTest
class StepUpBrowserIT {

    private static final String APP = "stepup-browser-app";
    private static final String REDIRECT = "https://stepup-browser-app.example.org/callback";
    private static final String PASSWORD = "stepup-Password-1234";
    private static final String READ = "openid launch/patient patient/Observation.rs";
    private static final String WRITE = "openid launch/patient patient/Observation.cud";
    private static final String CLINICIAN_APP = "stepup-clinician-app";
    private static final String CLINICIAN_REDIRECT = "https://stepup-clinician-app.example.org/callback";
    private static final String CLINICIAN_WRITE = "openid user/*.cruds";
    private static final String AAL2 = "http://idmanagement.gov/ns/assurance/aal/2";
    private static final String AAL3 = "http://idmanagement.gov/ns/assurance/aal/3";

    private static SmartApp app;
    private static SmartApp clinicianApp;
    private static RealmFixtures fixtures;
    private static StepUpSettings stepUp;

    private BrowserLaunch launch;
    private ChromeDriver browser;
    private VirtualAuthenticator authenticator;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        fixtures = new RealmFixtures(admin);
        fixtures.smartPublicClientWithAcr(APP, REDIRECT, "patient/*.cruds");
        String localhost = keycloak.baseUrl().replace("127.0.0.1", "localhost");
        app = new SmartApp(localhost + "/realms/" + RealmFixtures.REALM, APP, null, REDIRECT);
        fixtures.smartPublicClientWithAcr(CLINICIAN_APP, CLINICIAN_REDIRECT, "user/*.cruds");
        clinicianApp = new SmartApp(localhost + "/realms/" + RealmFixtures.REALM, CLINICIAN_APP, null, CLINICIAN_REDIRECT);
        stepUp = new StepUpSettings(admin);
        stepUp.levels("aal2", "aal3");
    }

    @AfterAll
    static void restore() {
        stepUp.levels("aal1", "aal1");
    }

    @BeforeEach
    void openBrowser() {
        launch = BrowserLaunch.open(app);
        browser = launch.driver();
        authenticator = ((HasVirtualAuthenticator) browser).addVirtualAuthenticator(
                new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL).setHasResidentKey(true)
                        .setHasUserVerification(true).setIsUserVerified(true).setIsUserConsenting(true));
        assertTrue(authenticator.getCredentials().isEmpty());
    }

    @AfterEach
    void closeBrowser() {
        if (launch != null) {
            launch.close();
        }
    }

    private static Totp patient(String name, String requiredAction) {
        Totp totp = Totp.random();
        fixtures.userWithTotp(name, PASSWORD, totp, requiredAction);
        fixtures.grantRealmRoles(name, "smart-patient");
        fixtures.linkPatients(name, "stepup-pat-1");
        return totp;
    }

    @Test
    void passwordAndTotpIsAal2AndAWriteIsSteppedUpToTheSecurityKey() {
        Totp totp = patient("stepup-key-user", "webauthn-register");
        // First sign-in: password, one-time code, the security key is registered (required action), then consent.
        Pkce first = Pkce.s256();
        open(READ, first, "k1");
        signInWithPassword("stepup-key-user");
        enterOneTimeCode(totp);
        registerWebAuthnKey();
        grantConsent();
        Response aal2 = exchange(first);
        assertClaims(aal2, AAL2, List.of("pwd", "otp", "mfa"));

        // Reading again in the same browser session: no factor asked, straight to consent.
        Pkce read = Pkce.s256();
        open(READ, read, "k2");
        grantConsent();
        assertClaims(exchange(read), AAL2, List.of("pwd", "otp", "mfa"));

        // Writing: the security key is asked for, and only then is there a code.
        Pkce write = Pkce.s256();
        open(WRITE, write, "k3");
        launch.waitFor(By.id("authenticateWebAuthnButton")).click();
        grantConsent();
        Response aal3 = exchange(write);
        assertTrue(aal3.jsonPath().getString("scope").contains("patient/Observation.cud"), aal3.asString());
        assertClaims(aal3, AAL3, List.of("pwd", "otp", "hwk", "user", "mfa"));
        System.out.println("Step-up screenshots: " + Chromium.screenshot(browser, "stepup-after-key").toAbsolutePath());

        // prompt=login: a new sign-in, now with password and key. Its amr names this sign-in's methods only, not the
        // one-time code of the session's earlier sign-in (RFC 8176 §1).
        Pkce again = Pkce.s256();
        Map<String, String> params = new java.util.LinkedHashMap<>(app.authorizeParams(READ, again, "k4"));
        params.put("prompt", "login");
        browser.get(launch.authorizeUrl(params));
        // Keycloak's re-authentication form: the signed-in user's name is shown, only the password is asked.
        launch.waitFor(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("kc-login")).click();
        launch.waitFor(By.id("authenticateWebAuthnButton")).click();
        grantConsent();
        assertClaims(exchange(again), AAL3, List.of("pwd", "hwk", "user", "mfa"));
    }

    /**
     * A clinician with an authenticator app and no security key asks to write: the key is registered in the same
     * sign-in, after the two factors, and then used; the grant has the write scope at AAL3, and userinfo says so too.
     */
    @Test
    void aClinicianWithoutAKeyRegistersOneInTheSameSignInAndWrites() {
        Totp totp = Totp.random();
        fixtures.userWithTotp("stepup-keyless-clinician", PASSWORD, totp);
        fixtures.grantRealmRoles("stepup-keyless-clinician", "smart-clinician");
        List<String> pages = new java.util.ArrayList<>();
        Pkce write = Pkce.s256();
        browser.get(launch.authorizeUrl(clinicianApp.authorizeParams(CLINICIAN_WRITE, write, "c1")));
        launch.waitFor(By.id("kc-form-login"));
        pages.add("sign-in form");
        signInWithPassword("stepup-keyless-clinician");
        launch.waitFor(By.id("otp"));
        pages.add("one-time code");
        enterOneTimeCode(totp);
        launch.waitFor(By.id("registerWebAuthn"));
        pages.add("security key registration");
        registerWebAuthnKey();
        launch.waitFor(By.id("authenticateWebAuthnButton"));
        pages.add("security key sign-in");
        launch.waitFor(By.id("authenticateWebAuthnButton")).click();
        launch.waitFor(By.id("smart-consent"));
        pages.add("consent");
        grantConsent();
        Map<String, String> redirect = launch.redirectBack(CLINICIAN_REDIRECT);
        assertTrue(redirect.containsKey("code"), String.valueOf(redirect));
        pages.add("code to the app");
        System.out.println("Keyless clinician's pages: " + String.join(" -> ", pages));
        assertEquals(List.of("sign-in form", "one-time code", "security key registration", "security key sign-in",
                "consent", "code to the app"), pages);

        Response token = clinicianApp.exchange(redirect.get("code"), write.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        assertTrue(List.of(token.jsonPath().getString("scope").split(" ")).contains("user/*.cruds"), token.asString());
        assertClaims(token, AAL3, List.of("pwd", "otp", "hwk", "user", "mfa"));
        assertEquals(1, authenticator.getCredentials().size(), "one key registered");
        Response userinfo = io.restassured.RestAssured.given().auth().oauth2(token.jsonPath().getString("access_token"))
                .get(clinicianApp.authorizationEndpoint().replace("/auth", "/userinfo"));
        assertEquals(200, userinfo.statusCode(), userinfo.asString());
        assertEquals(AAL3, userinfo.jsonPath().getString("acr"), userinfo.asString());
        assertEquals(Jwt.claims(token.jsonPath().getString("id_token")).get("amr"), userinfo.jsonPath().getList("amr"));
    }

    @Test
    void aPasskeySignInIsAal3AndMaxAgeZeroSignsInAgain() {
        Totp totp = patient("stepup-passkey-user", "webauthn-register-passwordless");
        Pkce enrol = Pkce.s256();
        open(READ, enrol, "p1");
        signInWithPassword("stepup-passkey-user");
        enterOneTimeCode(totp);
        registerWebAuthnKey();
        grantConsent();
        exchange(enrol);

        // A new browser session (cookies gone), the same device: the sign-in page offers the passkey through the
        // browser's passkey autofill (WebAuthn conditional mediation); the authenticator answers, no password typed.
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        Pkce passkey = Pkce.s256();
        open(READ, passkey, "p2");
        grantConsent();
        assertClaims(exchange(passkey), AAL3, List.of("hwk", "user", "mfa"));

        // Writing right after: the passkey already proved AAL3, nothing more is asked.
        Pkce write = Pkce.s256();
        open(WRITE, write, "p3");
        grantConsent();
        assertClaims(exchange(write), AAL3, List.of("hwk", "user", "mfa"));

        // max_age=0: sign in again rather than reuse the session.
        Map<String, String> params = new java.util.LinkedHashMap<>(app.authorizeParams(READ, Pkce.s256(), "p4"));
        params.put("max_age", "0");
        browser.get(launch.authorizeUrl(params));
        assertTrue(launch.waitFor(By.id("kc-form-login")).isDisplayed(), "the sign-in form again");
        assertTrue(browser.findElements(By.id("smart-consent")).isEmpty());
    }

    private void open(String scope, Pkce pkce, String state) {
        browser.get(launch.authorizeUrl(app.authorizeParams(scope, pkce, state)));
    }

    private void signInWithPassword(String user) {
        launch.waitFor(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("kc-login")).click();
    }

    /** Types the app's code; if Keycloak shows the code page again, the app's next code ({@link Totp#retryAfter}). */
    private void enterOneTimeCode(Totp totp) {
        String code = totp.now();
        submitOneTimeCode(code);
        if (!browser.findElements(By.id("otp")).isEmpty()) {
            submitOneTimeCode(totp.retryAfter(code));
        }
    }

    private void submitOneTimeCode(String code) {
        WebElement otp = launch.waitFor(By.id("otp"));
        otp.sendKeys(code);
        browser.findElement(By.id("kc-login")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.stalenessOf(otp));
    }

    private void grantConsent() {
        launch.waitFor(By.id("smart-consent-grant")).click();
    }

    /** Keycloak's registration page: the browser creates the credential on the virtual authenticator. */
    private void registerWebAuthnKey() {
        int before = authenticator.getCredentials().size();
        launch.waitFor(By.id("registerWebAuthn")).click();
        // Keycloak asks for a label for the new key in a prompt; the default label is fine.
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.alertIsPresent()).accept();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> authenticator.getCredentials().size() > before);
    }

    private Response exchange(Pkce pkce) {
        Map<String, String> redirect = launch.redirectBack(REDIRECT);
        assertTrue(redirect.containsKey("code"), String.valueOf(redirect));
        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        return token;
    }

    private static void assertClaims(Response token, String acr, List<String> amr) {
        for (String jwt : List.of(token.jsonPath().getString("access_token"), token.jsonPath().getString("id_token"))) {
            Map<String, Object> claims = Jwt.claims(jwt);
            assertEquals(acr, claims.get("acr"), "acr in " + claims);
            assertEquals(amr, claims.get("amr"), "amr in " + claims);
        }
        assertFalse(token.jsonPath().getString("scope").isEmpty());
    }
}
