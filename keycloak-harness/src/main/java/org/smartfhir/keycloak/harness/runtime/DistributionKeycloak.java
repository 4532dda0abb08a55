package org.smartfhir.keycloak.harness.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A stock Keycloak distribution (the {@code keycloak-quarkus-dist} zip from Maven Central) run as a real process:
 * unpacked under the work directory, our jars in {@code providers/}, realm files in {@code data/import/},
 * {@code kc.sh build} (skipped when nothing that affects the build changed), then
 * {@code kc.sh start --optimized} on free loopback ports with a fresh database.
 */
public final class DistributionKeycloak implements KeycloakRuntime {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final KeycloakSettings settings;
    private final Path home;
    private final Path log;
    private final int httpPort;
    private final Process process;
    private final Duration startTime;

    private DistributionKeycloak(KeycloakSettings settings, Path home, Path log, int httpPort, Process process,
                                 Duration startTime) {
        this.settings = settings;
        this.home = home;
        this.log = log;
        this.httpPort = httpPort;
        this.process = process;
        this.startTime = startTime;
    }

    /** Prepares, builds and starts; returns once Keycloak reports ready. Throws with the log tail otherwise. */
    public static DistributionKeycloak start(KeycloakSettings settings) {
        try {
            Files.createDirectories(settings.workDir());
            Path home = unpack(settings.distributionZip(), settings.workDir());
            install(home, settings);
            build(home, settings);
            return launch(home, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path unpack(Path zip, Path workDir) throws IOException {
        Path home = workDir.resolve("keycloak-" + KeycloakSettings.KEYCLOAK_VERSION);
        Path marker = home.resolve(".unpacked");
        if (Files.exists(marker)) {
            return home;
        }
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak distribution not found at " + zip
                    + " (the Maven build downloads org.keycloak:keycloak-quarkus-dist:" + KeycloakSettings.KEYCLOAK_VERSION + ":zip)");
        }
        Directories.deleteTree(home);
        Path root = workDir.toAbsolutePath().normalize();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry escapes the work directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (entry.getName().endsWith(".sh")) {
                    target.toFile().setExecutable(true);
                }
            }
        }
        Files.writeString(marker, zip.toString());
        return home;
    }

    /**
     * Our jars replace whatever was in {@code providers/}; the database and imports start empty every run. A jar whose
     * content is unchanged is left untouched: Keycloak records each provider jar's timestamp at {@code kc.sh build}
     * and refuses {@code start --optimized} when it differs, while whether a rebuild is due is decided by content.
     */
    private static void install(Path home, KeycloakSettings settings) throws IOException {
        Path providers = home.resolve("providers");
        Files.createDirectories(providers);
        List<String> wanted = settings.providers().stream().map(p -> p.getFileName().toString()).toList();
        try (Stream<Path> old = Files.list(providers)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                if (!wanted.contains(p.getFileName().toString())) {
                    Files.delete(p);
                }
            }
        }
        for (Path jar : settings.providers()) {
            Path installed = providers.resolve(jar.getFileName());
            if (!Files.exists(installed) || Files.mismatch(jar, installed) != -1) {
                Files.copy(jar, installed, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Directories.deleteTree(home.resolve("data"));
        Path imports = home.resolve("data").resolve("import");
        Files.createDirectories(imports);
        for (Path realm : settings.realmImports()) {
            Files.copy(realm, imports.resolve(realm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        if (settings.database() == Database.POSTGRES && settings.ownsDatabase()) {
            PostgresDatabase.fromSystemProperties().recreate(databaseName(settings));
        }
    }

    private static void build(Path home, KeycloakSettings settings) throws IOException {
        List<String> options = new ArrayList<>(List.of("--db=" + settings.database().kind(), "--health-enabled=true"));
        options.addAll(settings.buildOptions());
        String fingerprint = fingerprint(options, home.resolve("providers"));
        Path marker = home.resolve(".smart-harness-build");
        if (Files.exists(marker) && Files.readString(marker).equals(fingerprint)) {
            return;
        }
        Files.deleteIfExists(marker);
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "build"));
        command.addAll(options);
        Path buildLog = settings.workDir().resolve("build.log");
        Process build = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(buildLog.toFile()).start();
        try {
            if (!build.waitFor(10, TimeUnit.MINUTES) || build.exitValue() != 0) {
                build.destroyForcibly();
                throw new IllegalStateException("kc.sh build failed" + LogFile.banner("kc.sh build log", LogFile.tail(buildLog, 200)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            build.destroyForcibly();
            throw new IllegalStateException("interrupted during kc.sh build", e);
        }
        Files.writeString(marker, fingerprint);
    }

    private static DistributionKeycloak launch(Path home, KeycloakSettings settings) throws IOException {
        int httpPort = settings.httpPort() == 0 ? FreePort.pick() : settings.httpPort();
        int managementPort = FreePort.pick();
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-host=127.0.0.1", "--http-management-port=" + managementPort,
                "--hostname-strict=false", "--import-realm"));
        if (settings.database() == Database.POSTGRES) {
            PostgresDatabase db = PostgresDatabase.fromSystemProperties();
            command.add("--db-url=" + db.jdbcUrl(databaseName(settings)));
            command.add("--db-username=" + db.user());
            command.add("--db-password=" + db.password());
        }
        command.addAll(settings.startOptions());
        Path log = settings.workDir().resolve("keycloak.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", settings.adminUsername());
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", settings.adminPassword());
        env.putIfAbsent("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1536m");
        env.putAll(settings.environment());

        Instant started = Instant.now();
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "keycloak-" + settings.name() + "-stop"));
        try {
            awaitReady(process, managementPort, settings.startTimeout(), log);
        } catch (RuntimeException e) {
            stop(process);
            throw e;
        }
        return new DistributionKeycloak(settings, home, log, httpPort, process, Duration.between(started, Instant.now()));
    }

    private static void awaitReady(Process process, int managementPort, Duration timeout, Path log) {
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue() + " during start"
                        + LogFile.banner("Keycloak log (last 200 lines)", LogFile.tail(log, 200)));
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            sleep(500);
        }
        throw new IllegalStateException("Keycloak not ready after " + timeout
                + LogFile.banner("Keycloak log (last 200 lines)", LogFile.tail(log, 200)));
    }

    private static String databaseName(KeycloakSettings settings) {
        return ("smartkc_" + settings.databaseOf()).toLowerCase().replaceAll("[^a-z0-9_]", "_");
    }

    /**
     * What {@code kc.sh build} depends on: its options and the installed provider jars, by content and by timestamp
     * (Keycloak compares the timestamps it recorded at build time, so a changed timestamp needs a rebuild too).
     */
    private static String fingerprint(List<String> options, Path providersDir) throws IOException {
        try (Stream<Path> jars = Files.list(providersDir)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.join("\n", options).getBytes());
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                digest.update(jar.getFileName().toString().getBytes());
                digest.update(Long.toString(Files.getLastModifiedTime(jar).toMillis()).getBytes());
                digest.update(Files.readAllBytes(jar));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public KeycloakSettings settings() {
        return settings;
    }

    public Path home() {
        return home;
    }

    public Path log() {
        return log;
    }

    /** The Keycloak process, for tests that must kill it the hard way. */
    public Process process() {
        return process;
    }

    @Override
    public String logTail(int lines) {
        return LogFile.tail(log, lines);
    }

    @Override
    public String description() {
        return "Keycloak " + KeycloakSettings.KEYCLOAK_VERSION + " (unmodified distribution zip) at " + baseUrl()
                + ", db=" + settings.database().kind()
                + ", providers=" + settings.providers().stream().map(p -> p.getFileName().toString()).toList()
                + ", realm imports=" + settings.realmImports().stream().map(p -> p.getFileName().toString()).toList()
                + (startTime == null ? "" : ", ready in " + startTime.toMillis() / 1000.0 + " s");
    }

    /** SIGKILL to Keycloak and everything it spawned, at once: a crash, for tests of what survives one. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the same installation again on the same HTTP port and database, after {@link #kill()} or {@link #close()};
     * the previous log is kept as {@code keycloak-<n>.log}.
     */
    public DistributionKeycloak relaunch() {
        if (process.isAlive()) {
            throw new IllegalStateException("Keycloak is still running");
        }
        try {
            for (int n = 1; ; n++) {
                Path previous = log.resolveSibling("keycloak-" + n + ".log");
                if (!Files.exists(previous)) {
                    Files.move(log, previous);
                    break;
                }
            }
            return launch(home, KeycloakSettings.builder(settings).httpPort(httpPort).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM to Keycloak (and anything it spawned), then SIGKILL after 30 s. Safe to call twice. */
    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
