package org.smartfhir.keycloak.harness.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Everything that decides how a Keycloak under test is built and started. Two runs with equal settings share one
 * server (see the JUnit extension), so the settings are a value.
 *
 * <p>System properties (set by the Maven build, overridable on the command line):
 * {@code keycloak.dist.zip}, {@code keycloak.work.dir}, {@code keycloak.providers.dir},
 * {@code keycloak.import.dir}, {@code keycloak.db} ({@code dev-file} | {@code postgres}),
 * {@code keycloak.http.port} (0 = free port), {@code keycloak.env.NAME=value} (environment for the server, e.g.
 * realm-template placeholders).
 */
public record KeycloakSettings(
        String name,
        Path distributionZip,
        Path workDir,
        Database database,
        List<Path> providers,
        List<Path> realmImports,
        Map<String, String> environment,
        int httpPort,
        List<String> buildOptions,
        List<String> startOptions,
        String adminUsername,
        String adminPassword,
        Duration startTimeout,
        String databaseOf) {

    public static final String KEYCLOAK_VERSION = "26.7.3";

    /**
     * Whether this server creates its PostgreSQL database afresh ({@link #databaseOf} is its own name) or joins the
     * one another node of its cluster created.
     */
    public boolean ownsDatabase() {
        return databaseOf.equals(name);
    }

    public KeycloakSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(distributionZip, "distributionZip");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(database, "database");
        databaseOf = databaseOf == null ? name : databaseOf;
        providers = List.copyOf(providers);
        realmImports = List.copyOf(realmImports);
        environment = Map.copyOf(environment);
        buildOptions = List.copyOf(buildOptions);
        startOptions = List.copyOf(startOptions);
        if (httpPort == 8080 && !name.equals("demo")) {
            throw new IllegalArgumentException("tests never use port 8080: a user's Keycloak may hold it");
        }
    }

    /** The settings a Maven-run integration suite gets from its system properties. */
    public static KeycloakSettings fromSystemProperties() {
        Database database = Database.fromKind(System.getProperty("keycloak.db", "dev-file"));
        Map<String, String> env = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("keycloak.env."))
                .sorted()
                .forEach(k -> env.put(k.substring("keycloak.env.".length()), System.getProperty(k)));
        return builder(database.kind())
                .distributionZip(Path.of(required("keycloak.dist.zip")))
                .workDir(Path.of(System.getProperty("keycloak.work.dir", "target/keycloak")).resolve(database.kind()))
                .database(database)
                .providers(jarsIn(System.getProperty("keycloak.providers.dir")))
                .realmImports(jsonIn(System.getProperty("keycloak.import.dir")))
                .environment(env)
                .httpPort(Integer.getInteger("keycloak.http.port", 0))
                .build();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding these settings, to derive a variant (another name, work directory, options). */
    public static Builder builder(KeycloakSettings from) {
        return builder(from.name(), from).databaseOf(from.databaseOf());
    }

    /** As {@link #builder(KeycloakSettings)}, under another name (and so its own PostgreSQL database). */
    public static Builder builder(String name, KeycloakSettings from) {
        Builder b = new Builder(name).distributionZip(from.distributionZip()).workDir(from.workDir())
                .database(from.database()).providers(from.providers()).realmImports(from.realmImports())
                .environment(from.environment()).httpPort(from.httpPort())
                .admin(from.adminUsername(), from.adminPassword()).startTimeout(from.startTimeout());
        from.buildOptions().forEach(b::buildOption);
        from.startOptions().forEach(b::startOption);
        return b;
    }

    public static List<Path> jarsIn(String dir) {
        return filesIn(dir, ".jar");
    }

    public static List<Path> jsonIn(String dir) {
        return filesIn(dir, ".json");
    }

    private static List<Path> filesIn(String dir, String suffix) {
        if (dir == null || dir.isBlank()) {
            return List.of();
        }
        Path path = Path.of(dir);
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(dir + " is not a directory");
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (the Maven build sets it)");
        }
        return value;
    }

    /** Fluent construction with the harness defaults. */
    public static final class Builder {
        private final String name;
        private Path distributionZip;
        private Path workDir;
        private Database database = Database.DEV_FILE;
        private List<Path> providers = List.of();
        private List<Path> realmImports = List.of();
        private Map<String, String> environment = Map.of();
        private int httpPort;
        private final List<String> buildOptions = new ArrayList<>();
        private final List<String> startOptions = new ArrayList<>();
        private String adminUsername = "admin";
        private String adminPassword = RandomSecret.hex(12);
        private Duration startTimeout = Duration.ofMinutes(4);
        private String databaseOf;

        private Builder(String name) {
            this.name = name;
        }

        public Builder distributionZip(Path zip) { this.distributionZip = zip; return this; }
        public Builder workDir(Path dir) { this.workDir = dir; return this; }
        public Builder database(Database db) { this.database = db; return this; }
        public Builder providers(List<Path> jars) { this.providers = jars; return this; }
        public Builder realmImports(List<Path> files) { this.realmImports = files; return this; }
        public Builder environment(Map<String, String> env) { this.environment = env; return this; }
        public Builder httpPort(int port) { this.httpPort = port; return this; }
        public Builder buildOption(String option) { this.buildOptions.add(option); return this; }
        public Builder startOption(String option) { this.startOptions.add(option); return this; }
        public Builder admin(String username, String password) { this.adminUsername = username; this.adminPassword = password; return this; }
        public Builder startTimeout(Duration timeout) { this.startTimeout = timeout; return this; }
        /** Joins the PostgreSQL database of the cluster node named {@code node} instead of creating its own. */
        public Builder databaseOf(String node) { this.databaseOf = node; return this; }

        public KeycloakSettings build() {
            return new KeycloakSettings(name, distributionZip, workDir, database, providers, realmImports, environment,
                    httpPort, buildOptions, startOptions, adminUsername, adminPassword, startTimeout, databaseOf);
        }
    }
}
