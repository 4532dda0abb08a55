package org.smartfhir.keycloak.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserLaunch;
import org.smartfhir.keycloak.it.support.Chromium;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/** A person in real Chromium: log in, untick a scope and pick a category on the SMART consent page, get a token. */
@KeycloakTest
class ConsentBrowserIT {

    private static final String APP = "consent-browser-app";
    private static final String REDIRECT = "https://consent-browser-app.example.org/callback";
    private static final String USER = "browser-patient";
    private static final String PASSWORD = "browser-Password-1234";
    private static final String LAB = "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";

    private static SmartApp app;
    private BrowserLaunch launch;
    private ChromeDriver browser;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        RealmFixtures fixtures = new RealmFixtures(admin);
        fixtures.smartPublicClient(APP, REDIRECT, "patient/*.rs", java.util.List.of("offline_access"));
        fixtures.user(USER, PASSWORD);
        fixtures.grantRealmRoles(USER, "smart-patient");
        fixtures.linkPatients(USER, "browser-patient-1");
        app = new SmartApp(keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM, APP, null, REDIRECT);
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

    private void logIn(String scope, Pkce pkce, String state) {
        launch.logIn(scope, pkce, state, USER, PASSWORD, By.id("smart-consent"));
    }

    private WebElement box(String scope) {
        return browser.findElements(By.cssSelector("input[type=checkbox][name=scope]")).stream()
                .filter(e -> scope.equals(e.getAttribute("value"))).findFirst()
                .orElseThrow(() -> new AssertionError("no box for " + scope));
    }

    private Map<String, String> redirectBack() {
        return launch.redirectBack(REDIRECT);
    }

    @Test
    void loginUntickAScopePickACategoryAndGetExactlyThat() {
        Pkce pkce = Pkce.s256();
        logIn("openid launch/patient offline_access patient/Observation.rs patient/Condition.rs patient/Patient.read", pkce, "st-browser");
        assertTrue(browser.getPageSource().contains("Read and search your observations"), "plain language on the page");
        // Every box has a label a screen reader announces.
        for (WebElement input : browser.findElements(By.cssSelector("input[type=checkbox][name=scope]"))) {
            assertFalse(browser.findElements(By.cssSelector("label[for='" + input.getAttribute("id") + "']")).isEmpty());
        }
        box("patient/Patient.read").click();
        box("patient/Observation.rs").click();
        box(LAB).click();
        assertFalse(box("patient/Patient.read").isSelected());
        assertTrue(box(LAB).isSelected());
        System.out.println("Consent page screenshot: " + Chromium.screenshot(browser, "smart-consent").toAbsolutePath());
        browser.findElement(By.id("smart-consent-grant")).click();

        Map<String, String> redirect = redirectBack();
        assertEquals("st-browser", redirect.get("state"));
        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        Set<String> granted = new TreeSet<>(Arrays.asList(token.jsonPath().getString("scope").split(" ")));
        assertEquals(new TreeSet<>(Set.of("openid", "launch/patient", "offline_access", "patient/Condition.rs", LAB)), granted);
    }

    @Test
    void denyReturnsAccessDeniedToTheApp() {
        logIn("openid launch/patient patient/Observation.rs", Pkce.s256(), "st-deny");
        browser.findElement(By.id("smart-consent-deny")).click();
        Map<String, String> redirect = redirectBack();
        assertEquals("access_denied", redirect.get("error"));
        assertEquals("st-deny", redirect.get("state"));
        assertFalse(redirect.containsKey("code"));
    }
}
