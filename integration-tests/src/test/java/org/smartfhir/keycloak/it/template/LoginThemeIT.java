package org.smartfhir.keycloak.it.template;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * The {@code smart} login theme as a patient meets it on the real server: the template selects it, every page carries
 * its stylesheet and the system-use notice, a German reader gets German pages down to the consent wording, a page
 * that must show an error shows no internals, and apps fetch the same palette as their style document.
 */
@KeycloakTest
class LoginThemeIT {

    private static final String APP = "theme-app";
    private static final String SECRET = "theme-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://theme-app.example.org/callback";
    private static final String USER = "theme-patient";
    private static final String PASSWORD = "theme-Password-1234";
    private static final String REQUEST = "openid launch/patient patient/Observation.rs patient/AllergyIntolerance.rs";
    private static final Pattern STYLESHEET = Pattern.compile("href=\"([^\"]*/login/smart/css/smart\\.css)\"");

    private static SmartApp app;
    private static String realmUrl;
    private static String baseUrl;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        RealmFixtures fixtures = new RealmFixtures(admin);
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.user(USER, PASSWORD);
        fixtures.grantRealmRoles(USER, "smart-patient");
        fixtures.linkPatients(USER, "theme-patient-1");
        baseUrl = keycloak.baseUrl();
        realmUrl = baseUrl + "/realms/" + RealmFixtures.REALM;
        app = new SmartApp(realmUrl, APP, SECRET, REDIRECT);
    }

    private static Map<String, String> authorize(String state, String locale) {
        Map<String, String> params = app.authorizeParams(REQUEST, Pkce.s256(), state);
        if (locale != null) {
            params.put("ui_locales", locale);
        }
        return params;
    }

    @Test
    void theSignInPageIsTheSmartThemeWithTheSystemUseNoticeAndItsPalette() {
        Response page = new BrowserlessLogin(app.authorizationEndpoint()).authorize(authorize("st-en", null));
        String html = page.asString();
        assertEquals(200, page.statusCode(), html);
        assertTrue(html.contains("lang=\"en\""), "the page says its language to screen readers");
        assertTrue(html.contains("id=\"smart-system-use-notice\""), html);
        assertTrue(html.contains("every sign-in and every access to records is logged and monitored"), html);
        assertTrue(html.contains("<label") && html.contains("for=\"username\"") && html.contains("for=\"password\""),
                "every field has its label");

        Matcher link = STYLESHEET.matcher(html);
        assertTrue(link.find(), "the theme's stylesheet is linked: " + html);
        Response css = given().get(baseUrl + link.group(1));
        assertEquals(200, css.statusCode());
        assertTrue(css.contentType().startsWith("text/css"), css.contentType());

        Response style = given().header("Origin", "https://theme-app.example.org").get(realmUrl + "/smart-style");
        assertEquals(200, style.statusCode(), style.asString());
        assertEquals("*", style.header("Access-Control-Allow-Origin"));
        assertEquals("nosniff", style.header("X-Content-Type-Options"));
        assertTrue(style.header("Cache-Control").contains("max-age=3600"), style.header("Cache-Control"));
        String highlight = style.jsonPath().getString("color_highlight");
        assertTrue(css.asString().contains("--smart-color-highlight: " + highlight + ";"),
                "apps get the pages' own highlight colour " + highlight);
    }

    @Test
    void aGermanReaderGetsGermanPagesDownToTheWordsOfEachPermission() {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Response login = browser.authorize(authorize("st-de", "de"));
        String html = login.asString();
        assertTrue(html.contains("lang=\"de\""), html);
        assertTrue(html.contains("jeder Zugriff auf Daten wird protokolliert"), html);

        Response consent = browser.submitLogin(login, USER, PASSWORD);
        assertTrue(BrowserlessLogin.isConsentPage(consent), consent.asString());
        String page = consent.asString();
        assertTrue(page.contains("Darf " + APP + " auf Ihre Gesundheitsdaten zugreifen?"), page);
        assertTrue(page.contains("Ihre Beobachtungen (Laborwerte, Vitalzeichen) lesen und durchsuchen"), page);
        assertTrue(page.contains("Ihre Allergien lesen und durchsuchen"), page);
        assertFalse(page.contains("Read and search"), "no English left on a German consent page");
        // The words changed; the choices did not: the boxes still carry the exact scopes, and granting works.
        assertEquals(Boolean.TRUE, BrowserlessLogin.consentBoxes(consent).get("patient/Observation.rs"));
        Response redirect = browser.submitConsent(consent, List.of("patient/Observation.rs"), true);
        assertEquals(302, redirect.statusCode(), redirect.asString());
        assertTrue(redirect.getHeader("Location").startsWith(REDIRECT + "?"), redirect.getHeader("Location"));
        assertTrue(BrowserlessLogin.query(redirect.getHeader("Location")).containsKey("code"));
    }

    @Test
    void aLaunchThatCannotRedirectShowsAThemedErrorPageWithoutInternals() {
        Map<String, String> params = authorize("st-err", null);
        params.put("client_id", "no-such-app");
        Response page = new BrowserlessLogin(app.authorizationEndpoint()).authorize(params);
        String html = page.asString();
        assertEquals(400, page.statusCode(), html);
        assertTrue(STYLESHEET.matcher(html).find(), "the error page wears the theme: " + html);
        assertTrue(html.contains("id=\"smart-system-use-notice\""));
        assertFalse(html.contains("Exception") || html.contains("at org."), html);
    }
}
