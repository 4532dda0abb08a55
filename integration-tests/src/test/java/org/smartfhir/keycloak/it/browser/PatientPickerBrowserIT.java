package org.smartfhir.keycloak.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserLaunch;
import org.smartfhir.keycloak.it.support.Chromium;
import org.smartfhir.keycloak.it.support.FhirTestServer;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * People in real Chromium at a standalone launch: a clinician searches the real FHIR server and picks a patient; a
 * parent with two linked children sees exactly those two and no search.
 */
@KeycloakTest
class PatientPickerBrowserIT {

    private static final String APP = "picker-browser-app";
    private static final String REDIRECT = "https://picker-browser-app.example.org/callback";
    private static final String CLINICIAN = "picker-browser-clinician";
    private static final String PARENT = "picker-browser-parent";
    private static final String PASSWORD = "picker-browser-Password-1234";

    private static SmartApp app;
    private BrowserLaunch launch;
    private ChromeDriver browser;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        RealmFixtures fixtures = new RealmFixtures(admin);
        fixtures.configurePicker(Map.of("fhir.base.url", FhirTestServer.shared().base(), "page.size", "10", "timeout.seconds", "5"));
        fixtures.smartPublicClient(APP, REDIRECT, "patient/*.rs", List.of());
        fixtures.user(CLINICIAN, PASSWORD);
        fixtures.grantRealmRoles(CLINICIAN, "smart-clinician");
        fixtures.user(PARENT, PASSWORD);
        fixtures.grantRealmRoles(PARENT, "smart-patient");
        fixtures.linkPatients(PARENT, "pat-smith-3", "pat-jones-5");
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

    private void logIn(String user, Pkce pkce, String state) {
        launch.logIn("openid launch/patient patient/Observation.rs", pkce, state, user, PASSWORD, By.id("smart-picker"));
    }

    private List<String> offered() {
        return browser.findElements(By.cssSelector("#smart-picker input[type=radio]")).stream()
                .map(e -> e.getAttribute("value")).toList();
    }

    /** Chooses {@code patientId} by clicking its label (what a person clicks), continues, and accepts consent. */
    private Response chooseAndFinish(String patientId, Pkce pkce, String state) {
        WebElement radio = browser.findElements(By.cssSelector("#smart-picker input[type=radio]")).stream()
                .filter(e -> patientId.equals(e.getAttribute("value"))).findFirst().orElseThrow();
        browser.findElement(By.cssSelector("label[for='" + radio.getAttribute("id") + "']")).click();
        assertTrue(radio.isSelected());
        browser.findElement(By.id("smart-picker-select")).click();
        launch.waitFor(By.id("smart-consent-grant")).click();
        Map<String, String> redirect = launch.redirectBack(REDIRECT);
        assertEquals(state, redirect.get("state"));
        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        return token;
    }

    @Test
    void aClinicianSearchesTheFhirServerAndPicksAPatient() {
        Pkce pkce = Pkce.s256();
        logIn(CLINICIAN, pkce, "st-clinician");
        WebElement name = browser.findElement(By.id("smart-picker-name"));
        assertFalse(browser.findElements(By.cssSelector("label[for='smart-picker-name']")).isEmpty(), "the search box is labelled");
        name.sendKeys("smith", Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !offered().isEmpty());
        assertEquals(List.of("pat-smith-1", "pat-smith-2", "pat-smith-3", "pat-smithers-4"), offered());
        assertTrue(browser.getPageSource().contains("Carol Smith"), "names from the FHIR server are shown");
        System.out.println("Patient picker screenshot: " + Chromium.screenshot(browser, "smart-patient-picker").toAbsolutePath());
        Response token = chooseAndFinish("pat-smith-2", pkce, "st-clinician");
        assertEquals("pat-smith-2", token.jsonPath().getString("patient"));
    }

    @Test
    void aParentSeesOnlyTheirTwoLinkedPatients() {
        Pkce pkce = Pkce.s256();
        logIn(PARENT, pkce, "st-parent");
        assertEquals(List.of("pat-smith-3", "pat-jones-5"), offered());
        assertTrue(browser.findElements(By.id("smart-picker-name")).isEmpty(), "no search for patients");
        Response token = chooseAndFinish("pat-jones-5", pkce, "st-parent");
        assertEquals("pat-jones-5", token.jsonPath().getString("patient"));
    }
}
