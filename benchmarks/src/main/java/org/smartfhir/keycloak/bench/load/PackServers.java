package org.smartfhir.keycloak.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.runtime.KeycloakSettings;

/** The Keycloak servers a benchmark starts, from this checkout's built jars and realm template. */
final class PackServers {

    /** Module directories; where the jar is named otherwise, {@code directory/artifact}. */
    static final List<String> MODULES = List.of("smart-core", "smart-scope-mapper", "launch-context-authenticator",
            "step-up-authenticator", "audit-event-listener", "themes/smart-theme");

    private PackServers() {
    }

    /** Keycloak 26.7.3 from the local Maven repository with the pack's jars and the realm template (dev-file). */
    static KeycloakSettings.Builder settings(Path root, String name, Path workDir) throws IOException {
        return KeycloakSettings.builder(name)
                .distributionZip(distributionZip())
                .workDir(workDir)
                .providers(packJars(root))
                .realmImports(KeycloakSettings.jsonIn(root.resolve("realm-templates").toString()))
                .environment(environment(workDir, Map.of("SMART_FHIR_BASE_URL", "http://127.0.0.1:18090/fhir",
                        "SMART_MINIMUM_AAL", "aal1", "SMART_STEP_UP_AAL", "aal1")));
    }

    /**
     * The server's environment: {@code -Dbench.javaOpts} is appended to the JVM options of every server started, and
     * {@code -Dbench.jfr=true} has each server record a JFR profile into {@code server.jfr} in its work directory, to
     * see where the time goes ({@code jfr print --events jdk.ExecutionSample}).
     */
    static Map<String, String> environment(Path workDir, Map<String, String> base) {
        Map<String, String> env = new java.util.HashMap<>(base);
        String javaOpts = System.getProperty("bench.javaOpts", "");
        if (Boolean.getBoolean("bench.jfr")) {
            javaOpts += " -XX:StartFlightRecording=filename=" + workDir.toAbsolutePath().resolve("server.jfr") + ",settings=profile";
        }
        if (!javaOpts.isBlank()) {
            env.put("JAVA_OPTS_APPEND", javaOpts.trim());
        }
        return env;
    }

    static Path distributionZip() {
        String configured = System.getProperty("keycloak.dist.zip");
        Path zip = configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".m2", "repository",
                "org", "keycloak", "keycloak-quarkus-dist", KeycloakSettings.KEYCLOAK_VERSION,
                "keycloak-quarkus-dist-" + KeycloakSettings.KEYCLOAK_VERSION + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " not found: run mvn -B install -DskipTests first (it downloads the "
                    + "distribution), or pass -Dkeycloak.dist.zip=");
        }
        return zip;
    }

    static List<Path> packJars(Path root) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String entry : MODULES) {
            String directory = entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry;
            String module = entry.substring(entry.indexOf('/') + 1);
            try (Stream<Path> files = Files.list(root.resolve(directory).resolve("target"))) {
                jars.add(files.filter(p -> p.getFileName().toString().matches(module + "-[0-9].*\\.jar")
                        && !p.getFileName().toString().contains("sources")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no built jar of " + module + ": run mvn -B install -DskipTests")));
            }
        }
        return jars;
    }

    /** A service client holding the audit reader role; returns its secret. */
    static String auditReader(KeycloakAdmin admin, String realm) {
        String secret = "bench-reader-" + Long.toHexString(System.nanoTime());
        admin.createServiceClient(realm, "bench-audit-reader", secret, "smart-audit-reader");
        return secret;
    }

    static String clientCredentialsToken(String realmUrl, String clientId, String secret) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(realmUrl + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId
                        + "&client_secret=" + secret)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token for " + clientId + " -> " + response.statusCode() + ": " + response.body());
        }
        return new ObjectMapper().readTree(response.body()).get("access_token").asText();
    }
}
