package org.smartfhir.keycloak.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.smartfhir.keycloak.demo.DemoRealm;
import org.smartfhir.keycloak.demo.SampleApp;
import org.smartfhir.keycloak.demo.fhir.DemoFhirServer;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.fhir.LoopbackFhirServer;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.Chromium;
import org.smartfhir.keycloak.it.support.RealmFixtures;

/**
 * The README's demo, end to end in real Chromium: the sample SMART app's Launch button, Keycloak's sign-in, the SMART
 * consent page, the redirect back, the code exchange in the browser, and the app reading the patient's record from
 * the demo FHIR server, which checks the token. Screenshots of the consent page and of the app with the data land in
 * {@code target/screenshots/}.
 */
@KeycloakTest
class DemoBrowserIT {

    private static final String PATIENT_PASSWORD = "demo-patient-Password-1234";
    private static SampleApp app;
    private static LoopbackFhirServer fhir;
    private static String fhirBase;

    @BeforeAll
    static void startDemo(KeycloakRuntime keycloak, KeycloakAdmin admin) throws Exception {
        String issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        fhirBase = RealmFixtures.FHIR_BASE; // the realm's configured FHIR base, which apps send as aud
        app = new SampleApp(0, issuer, fhirBase);
        fhir = DemoFhirServer.start(fhirBase, issuer, app.origin());
        DemoRealm.seed(admin, RealmFixtures.REALM, app, "demo-clinician-Password-1234", PATIENT_PASSWORD);
    }

    @AfterAll
    static void stopDemo() {
        if (app != null) {
            app.close();
        }
        if (fhir != null) {
            fhir.stop();
        }
    }

    @Test
    void aNewcomerLaunchesTheSampleAppSignsInConsentsAndSeesThePatientsRecord() throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(fhirBase + "/Patient/" + DemoFhirServer.LINKED_PATIENT)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), "the demo FHIR server answers nobody without a SMART token");

        ChromeDriver browser = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(app.pageUrl());
            wait.until(ExpectedConditions.elementToBeClickable(By.id("launch"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(DemoRealm.PATIENT);
            browser.findElement(By.id("password")).sendKeys(PATIENT_PASSWORD);
            browser.findElement(By.id("kc-login")).click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("smart-consent")));
            assertTrue(browser.getPageSource().contains("Read and search your observations"), "plain language on the consent page");
            System.out.println("Demo consent page: " + Chromium.screenshot(browser, "demo-consent").toAbsolutePath());
            browser.findElement(By.id("smart-consent-grant")).click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("record")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("observations"), "Heart rate"));
            System.out.println("Demo app with the patient's data: " + Chromium.screenshot(browser, "demo-app-patient-data").toAbsolutePath());
            assertEquals("Amy Shaw", browser.findElement(By.id("patient-name")).getText());
            String observations = browser.findElement(By.id("observations")).getText();
            assertTrue(observations.contains("Body temperature") && observations.contains("36.8"), observations);
            assertTrue(!observations.contains("Glucose"), "only the launched patient's observations: " + observations);
            assertTrue(browser.findElement(By.id("conditions")).getText().contains("Asthma"));
            assertTrue(browser.findElement(By.id("granted")).getText().contains("patient/Observation.rs"));
            assertEquals(app.redirectUri(), browser.getCurrentUrl(), "the code and state are gone from the address bar");
        } finally {
            browser.quit();
        }
    }
}
