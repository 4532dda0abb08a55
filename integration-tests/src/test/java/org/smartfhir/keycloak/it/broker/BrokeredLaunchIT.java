package org.smartfhir.keycloak.it.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
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
import org.smartfhir.keycloak.it.support.FhirTestServer;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;
import org.smartfhir.keycloak.it.support.StepUpSettings;

/**
 * A clinician signs in at the hospital's own identity provider — a second realm of the same stock Keycloak, over
 * OpenID Connect and over SAML — and the SMART guarantees hold as for a local sign-in: the user scope ceiling, the
 * patient picker, consent, the token carrying exactly what was consented, roles and {@code fhirUser} from the
 * upstream's claims, and a write asking for the local security key when the upstream's {@code amr} lacks {@code hwk}.
 * All of it runs in the template's post-broker flow; {@code -Dsmart.it.postBrokerFlow=} (empty) connects the providers
 * without it, and then these tests fail. The browser talks to {@code localhost}: WebAuthn refuses IP addresses.
 */
@KeycloakTest
class BrokeredLaunchIT {

    private static final String APP = "broker-launch-app";
    private static final String REDIRECT = "https://broker-launch-app.example.org/callback";
    private static final String POST_BROKER_FLOW = System.getProperty("smart.it.postBrokerFlow", SmartRealmBrokers.POST_BROKER_FLOW);
    private static final String AAL2 = "http://idmanagement.gov/ns/assurance/aal/2";
    private static final String AAL3 = "http://idmanagement.gov/ns/assurance/aal/3";

    private static final String VICTIM = "broker-victim";
    private static final String VICTIM_PASSWORD = "broker-victim-Password-1234";

    private static SmartApp app;
    private static RealmFixtures fixtures;
    private static HospitalUpstream upstream;
    private static StepUpSettings stepUp;

    private BrowserLaunch launch;
    private ChromeDriver browser;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        String localhost = keycloak.baseUrl().replace("127.0.0.1", "localhost");
        String smartRealm = localhost + "/realms/" + RealmFixtures.REALM;
        upstream = new HospitalUpstream(admin);
        upstream.create(smartRealm);
        SmartRealmBrokers brokers = new SmartRealmBrokers(admin, keycloak.baseUrl(), localhost);
        brokers.oidc(POST_BROKER_FLOW);
        brokers.oidc(SmartRealmBrokers.BARE, "");
        brokers.assuranceOnlyFlow();
        brokers.oidc(SmartRealmBrokers.CUSTOM, SmartRealmBrokers.ASSURANCE_ONLY_FLOW);
        brokers.saml(POST_BROKER_FLOW, upstream.signingCertificate(), smartRealm);
        brokers.configurePostBrokerStep("smart-patient-picker", Map.of("fhir.base.url", FhirTestServer.shared().base()));
        // Clinicians here may grant patient/ scopes only: a user/ scope the app asks for must not survive the ceiling.
        brokers.configurePostBrokerStep("smart-user-scope-ceiling", Map.of("role.ceilings", "smart-clinician: patient/*.cruds"));
        fixtures = new RealmFixtures(admin);
        fixtures.user(VICTIM, VICTIM_PASSWORD);
        fixtures.smartPublicClientWithAcr(APP, REDIRECT, "patient/*.cruds user/*.rs");
        app = new SmartApp(smartRealm, APP, null, REDIRECT);
        stepUp = new StepUpSettings(admin);
    }

    @BeforeEach
    void openBrowser() {
        launch = BrowserLaunch.open(app);
        browser = launch.driver();
    }

    @AfterEach
    void closeBrowser() {
        if (launch != null) {
            launch.close();
        }
    }

    @Test
    void aClinicianSignedInAtTheHospitalPicksAPatientAndGetsExactlyTheConsentedScopes() {
        Pkce pkce = Pkce.s256();
        open("openid fhirUser launch/patient patient/Observation.rs patient/Condition.rs user/Observation.rs", pkce, "oidc-1");
        signInUpstream(SmartRealmBrokers.OIDC, HospitalUpstream.PHYSICIAN);
        pick("smith", "pat-smith-2");

        assertTrue(boxes().contains("patient/Condition.rs"), "consent lists " + boxes());
        assertFalse(boxes().contains("user/Observation.rs"), "the user scope ceiling removed user/Observation.rs: " + boxes());
        box("patient/Condition.rs").click();
        System.out.println("Brokered consent screenshot: " + Chromium.screenshot(browser, "broker-consent").toAbsolutePath());
        browser.findElement(By.id("smart-consent-grant")).click();

        Response token = exchange(pkce, "oidc-1");
        assertEquals(new TreeSet<>(Set.of("openid", "fhirUser", "launch/patient", "patient/Observation.rs")), scopes(token));
        assertEquals("pat-smith-2", token.jsonPath().getString("patient"));
        assertTrue(String.valueOf(Jwt.claims(token.jsonPath().getString("id_token")).get("fhirUser")).endsWith(HospitalUpstream.PRACTITIONER),
                "fhirUser from the upstream claim: " + Jwt.claims(token.jsonPath().getString("id_token")));
        assertLinked(HospitalUpstream.PHYSICIAN, SmartRealmBrokers.OIDC);
    }

    @Test
    void aClinicianSignedInThroughSamlGetsThePickerConsentAndTheClinicianRole() {
        Pkce pkce = Pkce.s256();
        open("openid fhirUser launch/patient patient/Observation.rs user/Observation.rs", pkce, "saml-1");
        signInUpstream(SmartRealmBrokers.SAML, HospitalUpstream.SAML_PHYSICIAN);
        pick("smith", "pat-smith-3");
        assertFalse(boxes().contains("user/Observation.rs"), "the user scope ceiling removed user/Observation.rs: " + boxes());
        browser.findElement(By.id("smart-consent-grant")).click();

        Response token = exchange(pkce, "saml-1");
        assertEquals(new TreeSet<>(Set.of("openid", "fhirUser", "launch/patient", "patient/Observation.rs")), scopes(token));
        assertEquals("pat-smith-3", token.jsonPath().getString("patient"));
        assertTrue(String.valueOf(Jwt.claims(token.jsonPath().getString("id_token")).get("fhirUser")).endsWith(HospitalUpstream.PRACTITIONER));
        assertLinked(HospitalUpstream.SAML_PHYSICIAN, SmartRealmBrokers.SAML);
    }

    @Test
    void upstreamMfaCountsForAal2AndAWriteWithoutUpstreamHwkAsksForTheLocalSecurityKey() {
        VirtualAuthenticator key = ((HasVirtualAuthenticator) browser).addVirtualAuthenticator(
                new VirtualAuthenticatorOptions().setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL).setHasResidentKey(true)
                        .setHasUserVerification(true).setIsUserVerified(true).setIsUserConsenting(true));
        stepUp.levels("aal2", "aal3");
        try {
            // Reading: the hospital's amr says pwd+otp+mfa, mapped to AAL2, so no local factor is asked.
            Pkce read = Pkce.s256();
            open("openid launch/patient patient/Observation.rs", read, "aal-1");
            signInUpstream(SmartRealmBrokers.OIDC, HospitalUpstream.PHYSICIAN);
            pick("smith", "pat-smith-1");
            browser.findElement(By.id("smart-consent-grant")).click();
            assertEquals(AAL2, Jwt.claims(exchange(read, "aal-1").jsonPath().getString("access_token")).get("acr"));

            // The admin asks the clinician to register a security key; the next brokered sign-in does so first.
            requireAction(HospitalUpstream.PHYSICIAN, "webauthn-register");
            browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
            Pkce enrol = Pkce.s256();
            open("openid launch/patient patient/Observation.rs", enrol, "aal-2");
            signInUpstream(SmartRealmBrokers.OIDC, HospitalUpstream.PHYSICIAN);
            int before = key.getCredentials().size();
            launch.waitFor(By.id("registerWebAuthn")).click();
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.alertIsPresent()).accept();
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> key.getCredentials().size() > before);
            pick("smith", "pat-smith-1");
            browser.findElement(By.id("smart-consent-grant")).click();
            exchange(enrol, "aal-2");

            // Writing: the upstream amr lacks hwk, so its sign-in is AAL2 only; the local security key is asked for.
            browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
            Pkce write = Pkce.s256();
            open("openid launch/patient patient/Observation.cud", write, "aal-3");
            signInUpstream(SmartRealmBrokers.OIDC, HospitalUpstream.PHYSICIAN);
            launch.waitFor(By.id("authenticateWebAuthnButton")).click();
            pick("smith", "pat-smith-1");
            browser.findElement(By.id("smart-consent-grant")).click();
            Response aal3 = exchange(write, "aal-3");
            assertTrue(scopes(aal3).contains("patient/Observation.cud"), aal3.asString());
            assertEquals(AAL3, Jwt.claims(aal3.jsonPath().getString("access_token")).get("acr"));
        } finally {
            stepUp.levels("aal1", "aal1");
        }
    }

    /**
     * The SAML provider maps the upstream's {@code AuthnContextClassRef} (Keycloak as SAML IdP sends
     * {@code urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified}) to AAL2: at a realm needing AAL2 the brokered
     * clinician reaches the picker without a local factor, and the token says AAL2.
     */
    @Test
    void aSamlAuthnContextTheAdminMappedCountsForAal2() {
        stepUp.levels("aal2", "aal3");
        try {
            browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
            Pkce read = Pkce.s256();
            open("openid launch/patient patient/Observation.rs", read, "saml-aal");
            signInUpstream(SmartRealmBrokers.SAML, HospitalUpstream.SAML_PHYSICIAN);
            // No local factor: the picker follows the upstream sign-in directly (otherwise the one-time code is asked).
            pick("smith", "pat-smith-3");
            browser.findElement(By.id("smart-consent-grant")).click();
            assertEquals(AAL2, Jwt.claims(exchange(read, "saml-aal").jsonPath().getString("access_token")).get("acr"));
        } finally {
            stepUp.levels("aal1", "aal1");
        }
    }

    private static void requireAction(String username, String action) {
        String path = "/realms/" + RealmFixtures.REALM + "/users/" + fixtures.userId(username);
        var user = (com.fasterxml.jackson.databind.node.ObjectNode) fixtures.admin().get(path);
        user.putArray("requiredActions").add(action);
        assertEquals(204, fixtures.admin().put(path, user));
    }

    @Test
    void aProviderWithoutThePostBrokerFlowGetsNoSmartToken() {
        assertNoSmartToken(SmartRealmBrokers.BARE, HospitalUpstream.BARE_PHYSICIAN, "bare-1");
    }

    /** Its own post-broker flow credits the upstream level (so the assurance guard is satisfied) but runs no SMART step. */
    @Test
    void aProviderWhosePostBrokerFlowSkipsTheSmartStepsGetsNoSmartToken() {
        assertNoSmartToken(SmartRealmBrokers.CUSTOM, HospitalUpstream.CUSTOM_PHYSICIAN, "custom-1");
    }

    private void assertNoSmartToken(String provider, String physician, String state) {
        // No patient/ scope, so nothing but the sign-in itself stands between the app and user/ reach.
        Pkce pkce = Pkce.s256();
        open("openid fhirUser user/Observation.rs", pkce, state);
        signInUpstream(provider, physician);
        Map<String, String> redirect = launch.redirectBack(REDIRECT);
        assertEquals(state, redirect.get("state"), String.valueOf(redirect));
        assertTrue(redirect.containsKey("code"), "Keycloak finishes the brokered sign-in itself: " + redirect);
        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(400, token.statusCode(), token.asString());
        assertEquals("invalid_grant", token.jsonPath().getString("error"), token.asString());
        assertEquals("the sign-in did not run the SMART authorization steps; authorize again",
                token.jsonPath().getString("error_description"));
    }

    @Test
    void anUpstreamAssertingTheEmailOfALocalAccountIsNotLinkedWithoutThatAccountsPassword() {
        open("openid launch/patient patient/Observation.rs", Pkce.s256(), "takeover-1");
        signInUpstream(SmartRealmBrokers.OIDC, HospitalUpstream.TAKEOVER);
        // "Account already exists": linking is offered, never done silently.
        launch.waitFor(By.id("linkAccount")).click();
        // Linking means signing in to the local account with its own password.
        assertTrue(launch.waitFor(By.id("password")).isDisplayed());
        browser.findElement(By.id("password")).sendKeys("not-the-victims-password");
        browser.findElement(By.id("kc-login")).click();
        assertTrue(launch.waitFor(By.id("password")).isDisplayed(), "a wrong password links nothing");
        String id = fixtures.userId(VICTIM);
        assertEquals("[]", fixtures.admin().get("/realms/" + RealmFixtures.REALM + "/users/" + id + "/federated-identity").toString());
        assertTrue(Chromium.navigationTo(browser, REDIRECT).isEmpty(), "no redirect to the app");
    }

    private void open(String scope, Pkce pkce, String state) {
        browser.get(launch.authorizeUrl(app.authorizeParams(scope, pkce, state)));
    }

    /** The SMART realm's sign-in page offers the hospital; the hospital's own page takes the password. */
    private void signInUpstream(String provider, String username) {
        launch.waitFor(By.id("social-" + provider)).click();
        launch.waitFor(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(HospitalUpstream.PASSWORD);
        browser.findElement(By.id("kc-login")).click();
    }

    private void pick(String search, String patientId) {
        WebElement name = launch.waitFor(By.id("smart-picker-name"));
        name.sendKeys(search, Keys.ENTER);
        By radio = By.cssSelector("#smart-picker input[type=radio][value='" + patientId + "']");
        WebElement choice = new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(radio));
        browser.findElement(By.cssSelector("label[for='" + choice.getAttribute("id") + "']")).click();
        browser.findElement(By.id("smart-picker-select")).click();
        launch.waitFor(By.id("smart-consent"));
    }

    private List<String> boxes() {
        return browser.findElements(By.cssSelector("input[type=checkbox][name=scope]")).stream().map(e -> e.getAttribute("value")).toList();
    }

    private WebElement box(String scope) {
        return browser.findElements(By.cssSelector("input[type=checkbox][name=scope]")).stream()
                .filter(e -> scope.equals(e.getAttribute("value"))).findFirst()
                .orElseThrow(() -> new AssertionError("no box for " + scope));
    }

    private Response exchange(Pkce pkce, String state) {
        Map<String, String> redirect = launch.redirectBack(REDIRECT);
        assertEquals(state, redirect.get("state"), String.valueOf(redirect));
        assertTrue(redirect.containsKey("code"), String.valueOf(redirect));
        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        return token;
    }

    private static Set<String> scopes(Response token) {
        return new TreeSet<>(Arrays.asList(token.jsonPath().getString("scope").split(" ")));
    }

    /** The local account was created by the first-broker-login flow, linked to the provider, with the mapped role. */
    private static void assertLinked(String username, String provider) {
        String id = fixtures.userId(username);
        var links = fixtures.admin().get("/realms/" + RealmFixtures.REALM + "/users/" + id + "/federated-identity");
        assertTrue(links.toString().contains("\"identityProvider\":\"" + provider + "\""), links.toString());
        var roles = fixtures.admin().get("/realms/" + RealmFixtures.REALM + "/users/" + id + "/role-mappings/realm");
        assertTrue(roles.toString().contains("\"name\":\"smart-clinician\""), roles.toString());
    }
}
