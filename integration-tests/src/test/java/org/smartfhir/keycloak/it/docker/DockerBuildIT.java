package org.smartfhir.keycloak.it.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.RequiredPeers;
import org.smartfhir.keycloak.harness.runtime.Database;
import org.smartfhir.keycloak.harness.runtime.DistributionKeycloak;
import org.smartfhir.keycloak.harness.runtime.KeycloakSettings;
import org.smartfhir.keycloak.harness.runtime.PostgresDatabase;

/**
 * Our build machines have no Docker engine, so {@code docker/Dockerfile} is proven by running its steps on the
 * distribution zip: its build-time {@code ENV KC_*} options become {@code kc.sh build} options, the jars and the realm
 * template it copies (from {@code docker/target/}, which the {@code docker} module assembles) are installed, and its
 * {@code CMD} is the start command. The image's database is PostgreSQL, so this runs in the PostgreSQL execution.
 */
class DockerBuildIT {

    private static final Pattern ENV = Pattern.compile("^ENV (KC_[A-Z_]+)=(\\S+)$", Pattern.MULTILINE);

    @Test
    void theDockerfilesBuildStepsProduceAWorkingKeycloakWithThePack() throws Exception {
        KeycloakSettings shared = KeycloakSettings.fromSystemProperties();
        if (shared.database() != Database.POSTGRES) {
            String reason = "SKIPPED: the image's database is PostgreSQL; its build steps are checked in the PostgreSQL execution";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        if (!PostgresDatabase.fromSystemProperties().reachable()) {
            RequiredPeers.unavailable("postgres", "PostgreSQL is not reachable, so the image's build steps are not checked here");
        }
        Path docker = Path.of(System.getProperty("docker.dir"));
        String dockerfile = Files.readString(docker.resolve("Dockerfile"));
        String builderStage = dockerfile.substring(0, dockerfile.indexOf("\nFROM ", dockerfile.indexOf("FROM ") + 1));

        assertTrue(dockerfile.startsWith("#") && dockerfile.contains("FROM quay.io/keycloak/keycloak:" + KeycloakSettings.KEYCLOAK_VERSION
                + " AS builder"), "the documented multi-stage build on the same Keycloak version");
        assertTrue(builderStage.contains("COPY target/providers/*.jar /opt/keycloak/providers/"));
        assertTrue(builderStage.contains("RUN /opt/keycloak/bin/kc.sh build"));
        assertTrue(dockerfile.contains("COPY --chown=1000:0 target/realm-templates/smart-realm.json /opt/keycloak/data/import/"));
        assertTrue(dockerfile.contains("CMD [\"start\", \"--optimized\", \"--import-realm\"]"),
                "the image starts as the harness does: start --optimized --import-realm");

        KeycloakSettings.Builder image = KeycloakSettings.builder("docker-image", shared)
                .workDir(shared.workDir().resolveSibling("docker-image"))
                .providers(KeycloakSettings.jarsIn(docker.resolve("target/providers").toString()))
                .realmImports(KeycloakSettings.jsonIn(docker.resolve("target/realm-templates").toString()));
        List<String> buildOptions = new ArrayList<>();
        Matcher env = ENV.matcher(builderStage);
        while (env.find()) {
            String option = "--" + env.group(1).substring(3).toLowerCase(Locale.ROOT).replace('_', '-') + "=" + env.group(2);
            buildOptions.add(option);
            if (option.startsWith("--db=")) {
                assertEquals("--db=postgres", option, "the image is built for PostgreSQL");
            } else if (!option.equals("--health-enabled=true")) {
                image.buildOption(option); // the harness sets the database and health itself
            }
        }
        assertTrue(buildOptions.contains("--metrics-enabled=true"), "build options read: " + buildOptions);
        assertEquals(6, image.build().providers().size(), "the pack's five jars and its theme: " + image.build().providers());

        try (DistributionKeycloak keycloak = DistributionKeycloak.start(image.build())) {
            System.out.println("Dockerfile steps on the zip: " + keycloak.description() + ", build options " + buildOptions);
            assertEquals("smart", new KeycloakAdmin(keycloak).get("/realms/smart").get("realm").asText(), "the template is imported");
            HttpResponse<String> discovery = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    keycloak.baseUrl() + "/realms/smart/.well-known/smart-configuration")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, discovery.statusCode(), discovery.body());
            assertTrue(discovery.body().contains("\"launch-ehr\""), "the pack is installed and working: " + discovery.body());
        }
    }
}
