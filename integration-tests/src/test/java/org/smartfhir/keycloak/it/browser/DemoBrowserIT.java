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
import org.smartfhir.keycloak.demo.DemoEhr;
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
    private static final String CLINICIAN_PASSWORD = "demo-clinician-Password-1234";
    private static SampleApp app;
    private static DemoEhr ehr;
    private static LoopbackFhirServer fhir;
    private static String fhirBase;

    @BeforeAll
    static void startDemo(KeycloakRuntime keycloak, KeycloakAdmin admin) throws Exception {
        String issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        fhirBase = RealmFixtures.FHIR_BASE; // the realm's configured FHIR base, which apps send as aud
        app = new SampleApp(0, issuer, fhirBase);
        fhir = DemoFhirServer.start(fhirBase, issuer, app.origin());
        DemoRealm.seed(admin, RealmFixtures.REALM, app, CLINICIAN_PASSWORD, PATIENT_PASSWORD);
        ehr = new DemoEhr(0, issuer, fhirBase, app, "demo-ehr-secret-" + System.nanoTime(), DemoRealm.CLINICIAN);
        DemoRealm.seedEhr(admin, RealmFixtures.REALM, ehr);
    }

    @AfterAll
    static void stopDemo() {
        if (app != null) {
            app.close();
        }
        if (ehr != null) {
            ehr.close();
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

            browser.findElement(By.id("refresh-now")).click();
            wait.until(d -> "1".equals(d.findElement(By.id("token-status")).getAttribute("data-refreshed")));
            assertTrue(browser.findElement(By.id("token-status")).getText().contains("Patient/" + DemoFhirServer.LINKED_PATIENT + " read with the new token"),
                    browser.findElement(By.id("token-status")).getText());
            assertTrue(browser.findElement(By.id("token-status")).getText().contains("Access token refreshes at"),
                    "the next refresh is scheduled before expiry");
        } finally {
            browser.quit();
        }
    }

    @Test
    void aClinicianOpensAChartInTheDemoEhrAndTheSampleAppLaunchesWithThatPatient() throws Exception {
        ChromeDriver browser = Chromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(ehr.pageUrl());
            wait.until(ExpectedConditions.elementToBeClickable(By.id("open-demo-patient-2"))).click();
            String launch = wait.until(d -> Chromium.navigationTo(browser, app.launchUrl()).orElse(null));
            assertTrue(launch.contains("iss=" + java.net.URLEncoder.encode(fhirBase, java.nio.charset.StandardCharsets.UTF_8))
                    && launch.contains("&launch="), "the EHR opens the app with iss and launch: " + launch);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(DemoRealm.CLINICIAN);
            browser.findElement(By.id("password")).sendKeys(CLINICIAN_PASSWORD);
            browser.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.id("smart-consent-grant"))).click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("record")));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("observations"), "Glucose"));
            System.out.println("Demo app launched from the EHR: " + Chromium.screenshot(browser, "demo-ehr-launch").toAbsolutePath());
            assertEquals("Daniel Rivera", browser.findElement(By.id("patient-name")).getText(), "the EHR's patient, no picker");
            assertTrue(browser.findElement(By.id("granted")).getText().contains("launch"), browser.findElement(By.id("granted")).getText());
        } finally {
            browser.quit();
        }
    }
}
