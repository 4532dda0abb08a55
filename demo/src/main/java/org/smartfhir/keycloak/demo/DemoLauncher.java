package org.smartfhir.keycloak.demo;

import java.nio.file.Path;
import java.time.Duration;

import org.smartfhir.keycloak.demo.fhir.DemoFhirServer;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.fhir.LoopbackFhirServer;
import org.smartfhir.keycloak.harness.runtime.Database;
import org.smartfhir.keycloak.harness.runtime.DistributionKeycloak;
import org.smartfhir.keycloak.harness.runtime.KeycloakSettings;
import org.smartfhir.keycloak.harness.runtime.RandomSecret;

/**
 * Starts the demo: stock Keycloak 26.7.3 with the pack on {@code localhost:8080} with the realm template imported, a
 * HAPI FHIR server with made-up patients on {@code localhost:8090} that accepts SMART tokens only, and the sample
 * SMART app on {@code 127.0.0.1:8091} with a pretend EHR that launches it on {@code 127.0.0.1:8092}; the app, the EHR's
 * launch client and two users are added through the admin API (the template itself
 * carries no sample data). Runs until Ctrl-C. Every start is fresh: the embedded database is recreated.
 */
public final class DemoLauncher {

    private static final int PORT = Integer.getInteger("demo.port", 8080);
    private static final String REALM = "smart";
    private static final int FHIR_PORT = Integer.getInteger("demo.fhir.port", 8090);
    private static final int APP_PORT = Integer.getInteger("demo.app.port", 8091);
    private static final int EHR_PORT = Integer.getInteger("demo.ehr.port", 8092);
    /** The template's default FHIR base, so the realm, the app's {@code aud} and the FHIR server agree. */
    private static final String DEMO_FHIR_BASE = "http://localhost:" + FHIR_PORT + "/fhir";

    private DemoLauncher() {
    }

    public static void main(String[] args) throws Exception {
        String adminPassword = RandomSecret.hex(8);
        String clinicianPassword = "clinician-" + RandomSecret.hex(4);
        String patientPassword = "patient-" + RandomSecret.hex(4);
        KeycloakSettings settings = KeycloakSettings.builder("demo")
                .distributionZip(Path.of(System.getProperty("keycloak.dist.zip")))
                .workDir(Path.of(System.getProperty("keycloak.work.dir")))
                .database(Database.DEV_FILE)
                .providers(KeycloakSettings.jarsIn(System.getProperty("keycloak.providers.dir")))
                .realmImports(KeycloakSettings.jsonIn(System.getProperty("keycloak.import.dir")))
                .httpPort(PORT)
                .admin("admin", adminPassword)
                .startTimeout(Duration.ofMinutes(5))
                .build();
        String base = "http://localhost:" + PORT;
        String issuer = base + "/realms/" + REALM;
        SampleApp app = new SampleApp(APP_PORT, issuer, DEMO_FHIR_BASE);
        LoopbackFhirServer fhir = DemoFhirServer.start(DEMO_FHIR_BASE, issuer, app.origin());
        DemoEhr ehr = new DemoEhr(EHR_PORT, issuer, DEMO_FHIR_BASE, app, RandomSecret.hex(16), DemoRealm.CLINICIAN);
        System.out.println("Building and starting stock Keycloak " + KeycloakSettings.KEYCLOAK_VERSION
                + " with the SMART pack (first start builds the server, about a minute)...");
        DistributionKeycloak keycloak = DistributionKeycloak.start(settings);
        KeycloakAdmin admin = new KeycloakAdmin(keycloak);
        DemoRealm.seed(admin, REALM, app, clinicianPassword, patientPassword);
        DemoRealm.seedEhr(admin, REALM, ehr);

        System.out.println();
        System.out.println("==================================================================================");
        System.out.println(" SMART on FHIR pack for Keycloak " + KeycloakSettings.KEYCLOAK_VERSION + " is running");
        System.out.println("   Sample SMART app     " + app.pageUrl() + "   <- start here: press Launch");
        System.out.println("   Sign in as           patient / " + patientPassword + "   (Amy Shaw, her record is chosen for her)");
        System.out.println("                        clinician / " + clinicianPassword + "   (picks a patient)");
        System.out.println("                        The first sign-in asks to set up an authenticator app (two factors");
        System.out.println("                        for everyone: the template's default); any TOTP app works.");
        System.out.println("   Demo EHR             " + ehr.pageUrl() + "   <- EHR launch: open a chart in the app (as clinician)");
        System.out.println("   FHIR server          " + DEMO_FHIR_BASE + "   (HAPI FHIR, sample data, needs a SMART token;");
        System.out.println("                        SMART discovery at " + DEMO_FHIR_BASE + "/.well-known/smart-configuration)");
        System.out.println("   Admin console        " + base + "/admin/   (admin / " + adminPassword + ")");
        System.out.println("   SMART discovery      " + issuer + "/.well-known/smart-configuration");
        System.out.println("   Server log           " + keycloak.log());
        System.out.println(" Press Ctrl-C to stop.");
        System.out.println("==================================================================================");
        keycloak.process().waitFor();
        app.close();
        ehr.close();
        fhir.stop();
        System.out.println("Keycloak exited with code " + keycloak.process().exitValue());
    }
}
