package org.smartfhir.keycloak.it.scopes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

/** Requirement D17: the user down-scopes on the SMART consent page; the grant is exactly what was ticked. */
@KeycloakTest
class ConsentIT {

    private static final String APP = "consent-app";
    private static final String SECRET = "consent-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://consent-app.example.org/callback";
    private static final String USER = "consent-patient";
    private static final String PASSWORD = "consent-Password-1234";
    private static final String REQUEST = "openid launch/patient offline_access patient/Observation.rs patient/Condition.rs patient/Patient.read";
    private static final String LAB = "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

    private static SmartApp app;
    private static RealmFixtures fixtures;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        fixtures = new RealmFixtures(admin);
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.user(USER, PASSWORD);
        fixtures.grantRealmRoles(USER, "smart-patient");
        fixtures.linkPatients(USER, "consent-patient-1");
        app = new SmartApp(keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM, APP, SECRET, REDIRECT);
    }

    /** Logs in and returns the consent page. */
    private static Response consentPage(BrowserlessLogin browser, Pkce pkce, String state) {
        Response page = browser.submitLogin(browser.authorize(app.authorizeParams(REQUEST, pkce, state)), USER, PASSWORD);
        assertTrue(BrowserlessLogin.isConsentPage(page), "the consent page follows the login: " + page.asString());
        return page;
    }

    private static Set<String> scopes(String value) {
        return new TreeSet<>(Arrays.asList(value.split(" ")));
    }

    private static Response grant(List<String> ticked) {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Pkce pkce = Pkce.s256();
        Response redirect = browser.submitConsent(consentPage(browser, pkce, "st"), ticked, true);
        assertEquals(302, redirect.statusCode(), redirect.asString());
        Map<String, String> query = BrowserlessLogin.query(redirect.getHeader("Location"));
        Response token = app.exchange(query.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        return token;
    }

    @Test
    void thePageDescribesEveryRequestedScopeAndOffersCategories() {
        Response page = consentPage(new BrowserlessLogin(app.authorizationEndpoint()), Pkce.s256(), "st");
        String html = page.asString();
        assertTrue(html.contains("Read and search your observations (lab results, vital signs)"), html);
        assertTrue(html.contains("Read and search your conditions and diagnoses"));
        assertTrue(html.contains("Read and search your demographics"));
        Map<String, Boolean> boxes = BrowserlessLogin.consentBoxes(page);
        assertEquals(Boolean.TRUE, boxes.get("patient/Observation.rs"));
        assertEquals(Boolean.FALSE, boxes.get(LAB), "categories are offered, not pre-selected");
        assertFalse(boxes.containsKey("openid"), "sign-in scopes are information, not choices");
    }

    @Test
    void uncheckedScopesAreNotGrantedInTheResponseTheTokenOrAfterRefresh() {
        Response token = grant(List.of("patient/Observation.rs", "patient/Condition.rs"));
        Set<String> expected = scopes("openid launch/patient offline_access patient/Observation.rs patient/Condition.rs");
        assertEquals(expected, scopes(token.jsonPath().getString("scope")));
        assertEquals(expected, scopes((String) Jwt.claims(token.jsonPath().getString("access_token")).get("scope")));
        Response refreshed = app.refresh(token.jsonPath().getString("refresh_token"), null);
        assertEquals(200, refreshed.statusCode(), refreshed.asString());
        assertEquals(expected, scopes(refreshed.jsonPath().getString("scope")), "a refresh keeps the user's choice");
    }

    @Test
    void aCategoryChosenInsteadOfTheWholeResourceIsGrantedVerbatim() {
        Response token = grant(List.of(LAB, "patient/Patient.read"));
        Set<String> granted = scopes(token.jsonPath().getString("scope"));
        assertTrue(granted.contains(LAB), granted.toString());
        assertFalse(granted.contains("patient/Observation.rs"), "the category replaces the whole resource: " + granted);
        assertFalse(granted.contains("patient/Condition.rs"));
        assertEquals(1, fixtures.clientScopesNamed(LAB), "created on first use");
    }

    @Test
    void aTamperedFormCannotGrantMore() {
        Set<String> granted = scopes(grant(List.of("patient/Patient.read", "patient/Observation.cruds", "user/*.rs",
                "patient/Observation.rs?category=x")).jsonPath().getString("scope"));
        assertEquals(scopes("openid launch/patient offline_access patient/Patient.read"), granted);
    }

    @Test
    void denyIsAccessDeniedWithState() {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Response redirect = browser.submitConsent(consentPage(browser, Pkce.s256(), "st-deny"), null, false);
        assertEquals(302, redirect.statusCode(), redirect.asString());
        Map<String, String> query = BrowserlessLogin.query(redirect.getHeader("Location"));
        assertEquals(REDIRECT, query.get("_redirect"));
        assertEquals("access_denied", query.get("error"));
        assertEquals("st-deny", query.get("state"));
        assertFalse(query.containsKey("code"));
    }

    @Test
    void noConsentPageWithoutResourceScopes() {
        Map<String, String> redirect = new BrowserlessLogin(app.authorizationEndpoint())
                .loginForRedirect(app.authorizeParams("openid", Pkce.s256(), "st"), USER, PASSWORD);
        assertTrue(redirect.containsKey("code"));
    }
}
