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
    /** The sample app is not served yet: after consent the browser shows the code in the address bar. */
    private static final String DEMO_APP_REDIRECT = "https://127.0.0.1/app/callback";
    private static final String DEMO_FHIR_BASE = "http://localhost:8090/fhir";
    /** A fixed PKCE pair so the printed URL works as is; never reuse a published verifier outside a demo. */
    private static final String DEMO_VERIFIER = "demo-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

    private DemoLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
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
        System.out.println("Building and starting stock Keycloak " + KeycloakSettings.KEYCLOAK_VERSION
                + " with the SMART pack (first start builds the server, about a minute)...");
        DistributionKeycloak keycloak = DistributionKeycloak.start(settings);
        seed(new KeycloakAdmin(keycloak), clinicianPassword, patientPassword);

        String base = "http://localhost:" + PORT;
        System.out.println();
        System.out.println("==================================================================================");
        System.out.println(" SMART on FHIR pack for Keycloak " + KeycloakSettings.KEYCLOAK_VERSION + " is running");
        System.out.println("   Admin console        " + base + "/admin/   (admin / " + adminPassword + ")");
        System.out.println("   SMART discovery      " + base + "/realms/" + REALM + "/.well-known/smart-configuration");
        System.out.println("   OIDC discovery       " + base + "/realms/" + REALM + "/.well-known/openid-configuration");
        System.out.println("   Account console      " + base + "/realms/" + REALM + "/account/   (clinician / " + clinicianPassword
                + ", patient / " + patientPassword + ")");
        System.out.println("   Sample SMART app     client_id=smart-demo-app (public, PKCE S256, ceiling patient/*.rs user/*.rs)");
        System.out.println("   Try a SMART launch   " + authorizeUrl(base));
        System.out.println("                        log in as patient (linked to Patient/demo-patient-1, chosen silently),");
        System.out.println("                        choose on the consent page; the code is in the");
        System.out.println("                        address bar; exchange it with code_verifier=" + DEMO_VERIFIER);
        System.out.println("   Server log           " + keycloak.log());
        System.out.println(" Press Ctrl-C to stop.");
        System.out.println("==================================================================================");
        keycloak.process().waitFor();
        System.out.println("Keycloak exited with code " + keycloak.process().exitValue());
    }

    private static String authorizeUrl(String base) {
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(DEMO_VERIFIER));
        return base + "/realms/" + REALM + "/protocol/openid-connect/auth?response_type=code&client_id=smart-demo-app"
                + "&redirect_uri=" + enc(DEMO_APP_REDIRECT) + "&aud=" + enc(DEMO_FHIR_BASE) + "&state=demo"
                + "&scope=" + enc("openid fhirUser launch/patient patient/Observation.rs patient/Condition.rs")
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] sha256(String value) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sample data for the demo only: the template itself ships none. Fails loudly if Keycloak refuses it. */
    private static void seed(KeycloakAdmin admin, String clinicianPassword, String patientPassword) {
        expectCreated(admin.post("/realms/" + REALM + "/clients", Map.ofEntries(
                Map.entry("clientId", "smart-demo-app"), Map.entry("name", "SMART demo app"),
                Map.entry("protocol", "openid-connect"), Map.entry("publicClient", true),
                Map.entry("standardFlowEnabled", true), Map.entry("implicitFlowEnabled", false),
                Map.entry("directAccessGrantsEnabled", false), Map.entry("redirectUris", List.of(DEMO_APP_REDIRECT)),
                Map.entry("defaultClientScopes", List.of("basic")), Map.entry("optionalClientScopes", List.of("offline_access")),
                Map.entry("attributes", Map.of("pkce.code.challenge.method", "S256",
                        "smart.scope.ceiling", "patient/*.rs user/*.rs")))), "client smart-demo-app");
        user(admin, "clinician", "Casey", "Clinician", "Practitioner/demo-clinician", clinicianPassword, "smart-clinician");
        user(admin, "patient", "Pat", "Patient", "Patient/demo-patient-1", patientPassword, "smart-patient");
    }

    private static void user(KeycloakAdmin admin, String username, String first, String last, String fhirUser,
                             String password, String role) {
        expectCreated(admin.post("/realms/" + REALM + "/users", Map.of(
                "username", username, "enabled", true, "emailVerified", true,
                "firstName", first, "lastName", last, "email", username + "@example.org",
                "attributes", Map.of("fhirUser", List.of(fhirUser)),
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)))), "user " + username);
        String userId = admin.get("/realms/" + REALM + "/users?exact=true&username=" + username).get(0).get("id").asText();
        admin.post("/realms/" + REALM + "/users/" + userId + "/role-mappings/realm",
                List.of(admin.get("/realms/" + REALM + "/roles/" + role)));
    }

    private static void expectCreated(java.net.http.HttpResponse<String> response, String what) {
        if (response.statusCode() != 201) {
            throw new IllegalStateException("demo: creating " + what + " -> " + response.statusCode() + ": " + response.body());
        }
    }
}
