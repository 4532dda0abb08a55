package org.smartfhir.keycloak.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.runtime.Database;
import org.smartfhir.keycloak.harness.runtime.DistributionKeycloak;
import org.smartfhir.keycloak.harness.runtime.KeycloakSettings;
import org.smartfhir.keycloak.harness.runtime.RandomSecret;

/**
 * Starts the demo: stock Keycloak 26.7.3 with the pack on {@code localhost:8080}, the realm template imported and a
 * few sample clients and users added through the admin API (the template itself carries no sample data). Runs until
 * Ctrl-C, then stops Keycloak. Every start is fresh: the embedded database is recreated.
 */
public final class DemoLauncher {

    private static final int PORT = Integer.getInteger("demo.port", 8080);
    private static final String REALM = "smart";
    private static final String DEMO_APP_REDIRECT = "http://localhost:8091/app/callback";

    private DemoLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
        String adminPassword = RandomSecret.hex(8);
        String clinicianPassword = "clinician-" + RandomSecret.hex(4);
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
        System.out.println("Building and starting stock Keycloak " + KeycloakSettings.KEYCLOAK_VERSION
                + " with the SMART pack (first start builds the server, about a minute)...");
        DistributionKeycloak keycloak = DistributionKeycloak.start(settings);
        seed(new KeycloakAdmin(keycloak), clinicianPassword);

        String base = "http://localhost:" + PORT;
        System.out.println();
        System.out.println("==================================================================================");
        System.out.println(" SMART on FHIR pack for Keycloak " + KeycloakSettings.KEYCLOAK_VERSION + " is running");
        System.out.println("   Admin console        " + base + "/admin/   (admin / " + adminPassword + ")");
        System.out.println("   SMART discovery      " + base + "/realms/" + REALM + "/.well-known/smart-configuration");
        System.out.println("   OIDC discovery       " + base + "/realms/" + REALM + "/.well-known/openid-configuration");
        System.out.println("   Account console      " + base + "/realms/" + REALM + "/account/   (clinician / " + clinicianPassword + ")");
        System.out.println("   Sample public app    client_id=smart-demo-app, redirect_uri=" + DEMO_APP_REDIRECT + ", PKCE S256");
        System.out.println("   Server log           " + keycloak.log());
        System.out.println(" Press Ctrl-C to stop.");
        System.out.println("==================================================================================");
        keycloak.process().waitFor();
        System.out.println("Keycloak exited with code " + keycloak.process().exitValue());
    }

    private static void seed(KeycloakAdmin admin, String clinicianPassword) {
        admin.post("/realms/" + REALM + "/clients", Map.of(
                "clientId", "smart-demo-app", "name", "SMART demo app", "protocol", "openid-connect",
                "publicClient", true, "standardFlowEnabled", true, "implicitFlowEnabled", false,
                "directAccessGrantsEnabled", false, "redirectUris", List.of(DEMO_APP_REDIRECT),
                "webOrigins", List.of("http://localhost:8091"),
                "attributes", Map.of("pkce.code.challenge.method", "S256")));
        admin.post("/realms/" + REALM + "/users", Map.of(
                "username", "clinician", "enabled", true, "emailVerified", true,
                "firstName", "Casey", "lastName", "Clinician", "email", "clinician@example.org",
                "credentials", List.of(Map.of("type", "password", "value", clinicianPassword, "temporary", false))));
    }
}
