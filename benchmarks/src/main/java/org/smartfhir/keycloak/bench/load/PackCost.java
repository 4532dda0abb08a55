package org.smartfhir.keycloak.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.runtime.Database;
import org.smartfhir.keycloak.harness.runtime.Directories;
import org.smartfhir.keycloak.harness.runtime.DistributionKeycloak;
import org.smartfhir.keycloak.harness.runtime.KeycloakSettings;
import org.smartfhir.keycloak.harness.runtime.PostgresDatabase;

/**
 * What the pack costs a Keycloak, measured side by side in one run on one machine: a stock Keycloak 26.7.3 with a
 * plain realm and the same Keycloak with the pack's jars and realm template are started one after the other (same
 * distribution, JVM options and database kind) and kept running; the same flows are then driven against each,
 * alternating stock, pack, stock, pack so that drift of a shared machine spreads over both:
 * <ol>
 *   <li>Backend Services: {@code client_credentials} with an RS384 {@code private_key_jwt} assertion (pre-signed, one
 *       {@code jti} each); stock uses Keycloak's {@code client-jwt}, the pack its SMART authenticator and asks for
 *       {@code system/Patient.rs};</li>
 *   <li>a confidential app's authorization-code flow with PKCE in a new browser each time: authorize, login form,
 *       (on the pack the SMART consent page, with {@code aud} and {@code launch/patient}), code, token;</li>
 *   <li>refresh (rotating: each refresh token is used once);</li>
 *   <li>introspection of the app's access tokens by the app;</li>
 *   <li>on the pack, Backend Services with the audit listener off and on (shipping live to the file sink).</li>
 * </ol>
 * Before the flows, the pack's file sink is held down while the warm-up builds a backlog, then released: the drain
 * rate is reported too. Run from the repository root after {@code mvn -B install -DskipTests}:
 * {@code java -cp benchmarks/target/benchmarks.jar org.smartfhir.keycloak.bench.load.PackCost}. Writes
 * {@code benchmarks/target/bench/pack-cost.md} and {@code .png}. Options: {@code -Dbench.seconds} (20 per phase),
 * {@code -Dbench.threads} (4), {@code -Dbench.db} ({@code dev-file} or {@code postgres}), {@code -Dbench.javaOpts}, {@code -Dbench.jfr}.
 */
public final class PackCost {

    private static final String PACK_REALM = "smart";
    private static final String STOCK_REALM = "bench";
    private static final String REDIRECT = "https://app.example.org/callback";
    private static final String FHIR_BASE = "http://127.0.0.1:18090/fhir";
    private static final String AUDIT_LISTENER = "smart-audit-listener";
    private static final String AUDIT_OPTION = "--spi-events-listener--smart-audit-listener--";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final double seconds;
    private final int threads;
    private final List<LoadResult> results = new ArrayList<>();
    private double fastestBackend = 200;

    private PackCost(double seconds, int threads) {
        this.seconds = seconds;
        this.threads = threads;
    }

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "20"));
        int threads = Integer.getInteger("bench.threads", 4);
        Database db = Database.fromKind(System.getProperty("bench.db", "dev-file"));
        if (db == Database.POSTGRES && !PostgresDatabase.fromSystemProperties().reachable()) {
            throw new IllegalStateException("-Dbench.db=postgres but PostgreSQL does not answer on "
                    + PostgresDatabase.fromSystemProperties().jdbcUrl(""));
        }
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        Path out = root.resolve("benchmarks/target/bench");
        Path sinkDir = out.resolve("audit-out");
        Files.createDirectories(out);
        Directories.deleteTree(sinkDir);
        Files.writeString(sinkDir, "holds the file sink down until the drain is measured");

        KeycloakSettings stockSettings = KeycloakSettings.builder("bench-stock").distributionZip(PackServers.distributionZip())
                .workDir(out.resolve("keycloak-stock")).database(db)
                .environment(PackServers.environment(out.resolve("keycloak-stock"), Map.of())).build();
        KeycloakSettings packSettings = PackServers.settings(root, "bench-pack", out.resolve("keycloak-pack")).database(db)
                .startOption(AUDIT_OPTION + "file-path=" + sinkDir.resolve("audit.jsonl"))
                .startOption(AUDIT_OPTION + "backoff-first-millis=500")
                .startOption(AUDIT_OPTION + "backoff-max-millis=2000")
                .build();
        PackCost bench = new PackCost(seconds, threads);
        Map<String, String> figures = new LinkedHashMap<>();
        try (DistributionKeycloak stockServer = DistributionKeycloak.start(stockSettings);
             DistributionKeycloak packServer = DistributionKeycloak.start(packSettings)) {
            System.out.println("Started " + stockServer.description() + "\nStarted " + packServer.description());
            KeycloakAdmin stockAdmin = new KeycloakAdmin(stockServer);
            KeycloakAdmin packAdmin = new KeycloakAdmin(packServer);
            Target stock = bench.stockTarget(stockServer, stockAdmin);
            Target pack = bench.packTarget(packServer, packAdmin);
            String packRealmUrl = packServer.baseUrl() + "/realms/" + PACK_REALM;
            String readerSecret = PackServers.auditReader(packAdmin, PACK_REALM);

            for (Target t : List.of(stock, pack)) {
                bench.backend("warm-up", t, t.name);
                bench.phase("warm-up", t, t.name, t::launch);
                bench.phase("warm-up", t, t.name, t::refresh);
                bench.phase("warm-up", t, t.name, t::introspect);
            }
            figures.put("audit file sink drain", drain(packRealmUrl,
                    PackServers.clientCredentialsToken(packRealmUrl, "bench-audit-reader", readerSecret), sinkDir));

            for (int round = 0; round < 2; round++) {
                for (Target t : List.of(stock, pack)) {
                    bench.results.add(bench.phase("authorization code + PKCE launch", t, t.name, t::launch));
                }
            }
            for (int round = 0; round < 2; round++) {
                for (Target t : List.of(stock, pack)) {
                    bench.results.add(bench.phase("refresh", t, t.name, t::refresh));
                }
            }
            for (int round = 0; round < 2; round++) {
                for (Target t : List.of(stock, pack)) {
                    bench.results.add(bench.phase("introspection", t, t.name, t::introspect));
                }
            }
            for (int round = 0; round < 2; round++) {
                for (Target t : List.of(stock, pack)) {
                    bench.results.add(bench.backend("backend services token", t, t.name));
                }
            }
            for (int round = 0; round < 2; round++) {
                for (boolean on : List.of(false, true)) {
                    auditListener(packAdmin, on);
                    bench.results.add(bench.backend("backend services token, audit", pack,
                            on ? "pack, audit on" : "pack, audit off"));
                }
            }
        }
        List<Report.Comparison> comparisons = List.of(
                bench.compare("backend services token", "stock", "pack", 0.95),
                bench.compare("authorization code + PKCE launch", "stock", "pack", 0.90),
                bench.compare("refresh", "stock", "pack", Double.NaN),
                bench.compare("introspection", "stock", "pack", Double.NaN),
                bench.compare("backend services token, audit", "pack, audit off", "pack, audit on", 0.95));
        String setting = String.format("database %s; %d closed-loop client threads on the same machine; %d s per phase; "
                + "each figure is the mean of two alternating phases", db.kind(), threads, (int) seconds);
        String report = Report.markdown("What the pack costs: stock Keycloak 26.7.3 vs the pack", setting, comparisons,
                bench.results, figures);
        Files.writeString(out.resolve("pack-cost.md"), report);
        Report.chart("Pack vs stock Keycloak 26.7.3 (" + db.kind() + ")", comparisons, out.resolve("pack-cost.png"));
        System.out.println(report);
    }

    /** A phase of any flow; a phase that runs out of prepared input is an error of the benchmark, not a figure. */
    private LoadResult phase(String flow, Target target, String variant, Callable<Boolean> operation) throws InterruptedException {
        double cpuBefore = target.serverCpuMillis();
        LoadResult r = ClosedLoop.run(flow, variant, threads, seconds, operation).withServerCpu(target.serverCpuMillis() - cpuBefore);
        System.out.printf("%-34s %-16s %8.1f req/s  p50 %6.1f ms  p99 %7.1f ms  server CPU %5.2f ms/req  %d errors%n", flow,
                variant, r.throughput(), r.p50Millis(), r.p99Millis(), r.cpuMillisPerRequest(), r.errors());
        return r;
    }

    /**
     * A Backend Services phase with enough assertions signed beforehand: twice what the fastest phase so far used; a
     * phase that still runs out is repeated with twice as many (its figures are never reported).
     */
    private LoadResult backend(String flow, Target target, String variant) throws InterruptedException {
        int prepared = (int) Math.ceil(fastestBackend * seconds * 2) + 2000;
        while (true) {
            target.backend.prepare(prepared);
            try {
                LoadResult r = phase(flow, target, variant, target::backendToken);
                fastestBackend = Math.max(fastestBackend, r.throughput());
                return r;
            } catch (ClosedLoop.Exhausted e) {
                System.out.println(variant + ": " + e.getMessage() + "; repeating with more");
                prepared *= 2;
            }
        }
    }

    private Report.Comparison compare(String flow, String baseline, String candidate, double target) {
        return new Report.Comparison(flow, phases(flow, baseline), phases(flow, candidate), target);
    }

    private List<LoadResult> phases(String flow, String variant) {
        return results.stream().filter(r -> r.flow().equals(flow) && r.variant().equals(variant)).toList();
    }

    private Target stockTarget(DistributionKeycloak server, KeycloakAdmin admin) throws IOException, InterruptedException {
        admin.postCreated("/realms", Map.ofEntries(Map.entry("realm", STOCK_REALM), Map.entry("enabled", true),
                // The pack template's lifetimes, rotation and event settings, so the two differ by the pack alone.
                Map.entry("accessTokenLifespan", 300), Map.entry("ssoSessionIdleTimeout", 900),
                Map.entry("ssoSessionMaxLifespan", 36000), Map.entry("revokeRefreshToken", true),
                Map.entry("refreshTokenMaxReuse", 0), Map.entry("eventsEnabled", true), Map.entry("adminEventsEnabled", true),
                Map.entry("eventsListeners", List.of("jboss-logging")), Map.entry("bruteForceProtected", true)), "realm");
        String realmUrl = server.baseUrl() + "/realms/" + STOCK_REALM;
        BackendClient backend = new BackendClient(realmUrl, "bench-backend");
        backend.register(admin, STOCK_REALM, null);
        String secret = app(admin, STOCK_REALM, Map.of("pkce.code.challenge.method", "S256"));
        // Stock Keycloak answers introspection only for tokens whose audience names the caller.
        admin.postCreated("/realms/" + STOCK_REALM + "/clients/" + clientUuid(admin, STOCK_REALM, "bench-app")
                + "/protocol-mappers/models", Map.of("name", "resource server audience", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper", "config", Map.of("included.client.audience", "bench-rs",
                        "access.token.claim", "true", "introspection.token.claim", "true")), "audience mapper");
        String rsSecret = resourceServer(admin, STOCK_REALM);
        String password = "Bench-" + Long.toHexString(System.nanoTime()) + "-pw";
        List<String> users = users(admin, STOCK_REALM, "bench-user-", password, Map.of());
        LaunchClient app = new LaunchClient(new LaunchClient.App(realmUrl, "bench-app", secret, REDIRECT,
                Map.of("scope", "openid"), discovered(realmUrl + "/.well-known/openid-configuration"), "bench-rs", rsSecret));
        return new Target("stock", server.process().toHandle(), backend, null, app, users, password);
    }

    private Target packTarget(DistributionKeycloak server, KeycloakAdmin admin) throws IOException, InterruptedException {
        String realmUrl = server.baseUrl() + "/realms/" + PACK_REALM;
        BackendClient backend = new BackendClient(realmUrl, "bench-backend");
        backend.register(admin, PACK_REALM, "system/*.rs");
        String secret = app(admin, PACK_REALM, Map.of("pkce.code.challenge.method", "S256", "smart.scope.ceiling", "patient/*.rs"));
        // The FHIR server introspects any app's token with the pack's introspector role (SMART's resource server).
        String rsSecret = resourceServer(admin, PACK_REALM, "smart-introspector");
        String password = "Bench-" + Long.toHexString(System.nanoTime()) + "-pw";
        List<String> users = users(admin, PACK_REALM, "bench-patient-", password,
                Map.of("fhirUser", List.of("Patient/bench-1")), "smart-patient");
        LaunchClient app = new LaunchClient(new LaunchClient.App(realmUrl, "bench-app", secret, REDIRECT,
                Map.of("scope", "openid fhirUser launch/patient patient/Observation.rs", "aud", FHIR_BASE),
                discovered(realmUrl + "/.well-known/smart-configuration"), "bench-rs", rsSecret));
        return new Target("pack", server.process().toHandle(), backend, "system/Patient.rs", app, users, password);
    }

    /** The confidential app {@code bench-app}; returns its secret. */
    private static String app(KeycloakAdmin admin, String realm, Map<String, String> attributes) {
        String secret = "bench-app-" + Long.toHexString(System.nanoTime());
        admin.postCreated("/realms/" + realm + "/clients", Map.ofEntries(Map.entry("clientId", "bench-app"),
                Map.entry("protocol", "openid-connect"), Map.entry("publicClient", false), Map.entry("secret", secret),
                Map.entry("clientAuthenticatorType", "client-secret"), Map.entry("standardFlowEnabled", true),
                Map.entry("implicitFlowEnabled", false), Map.entry("directAccessGrantsEnabled", false),
                Map.entry("redirectUris", List.of(REDIRECT)), Map.entry("attributes", attributes)), "client bench-app");
        return secret;
    }

    /** The confidential client {@code bench-rs} standing for the FHIR server; returns its secret. */
    private static String resourceServer(KeycloakAdmin admin, String realm, String... roles) {
        String secret = "bench-rs-" + Long.toHexString(System.nanoTime());
        admin.createServiceClient(realm, "bench-rs", secret, roles);
        return secret;
    }

    private static String clientUuid(KeycloakAdmin admin, String realm, String clientId) {
        return admin.get("/realms/" + realm + "/clients?clientId=" + clientId).get(0).get("id").asText();
    }

    /** Twice as many users as client threads, with one password (Keycloak's default hashing on both servers). */
    private List<String> users(KeycloakAdmin admin, String realm, String prefix, String password,
                               Map<String, List<String>> attributes, String... roles) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < threads * 2; i++) {
            names.add(prefix + i);
            admin.createUser(realm, prefix + i, "Bench", "User", password, attributes, roles);
        }
        return names;
    }

    private static String discovered(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        String endpoint = JSON.readTree(response.body()).path("introspection_endpoint").asText(null);
        if (endpoint == null) {
            throw new IllegalStateException(url + " names no introspection_endpoint: " + response.body());
        }
        return endpoint;
    }

    /** Releases the held-down file sink and times the shipper emptying the backlog the warm-up left. */
    private static String drain(String realmUrl, String reader, Path sinkDir) throws Exception {
        Thread.sleep(3000); // let the sealer chain the last records
        long backlog = fileBacklog(realmUrl, reader);
        Files.delete(sinkDir);
        // Timed from the first poll that sees the backlog shrink (the shipper's retry wait is not drain time) to the
        // first that sees it empty; the records counted are those shipped in between.
        long firstSeen = 0;
        long leftAtFirst = backlog;
        long left = backlog;
        while (left > 0) {
            Thread.sleep(20);
            left = fileBacklog(realmUrl, reader);
            if (firstSeen == 0 && left < backlog && left > 0) {
                firstSeen = System.nanoTime();
                leftAtFirst = left;
            }
        }
        if (firstSeen == 0) {
            return backlog + " records shipped between two polls 20 ms apart (too few to time)";
        }
        double drainSeconds = (System.nanoTime() - firstSeen) / 1e9;
        String figure = String.format("%d records waiting; the last %d shipped in %.2f s = **%.0f records/s**", backlog,
                leftAtFirst, drainSeconds, leftAtFirst / drainSeconds);
        System.out.println("audit file sink drain: " + figure);
        return figure;
    }

    /** Switches the audit listener in the realm's event listeners, as an admin would in the console. */
    private static void auditListener(KeycloakAdmin admin, boolean on) {
        ObjectNode config = (ObjectNode) admin.get("/realms/" + PACK_REALM + "/events/config");
        ArrayNode listeners = JSON.createArrayNode();
        for (JsonNode l : config.withArray("eventsListeners")) {
            if (!l.asText().equals(AUDIT_LISTENER)) {
                listeners.add(l.asText());
            }
        }
        if (on) {
            listeners.add(AUDIT_LISTENER);
        }
        config.set("eventsListeners", listeners);
        int status = admin.put("/realms/" + PACK_REALM + "/events/config", config);
        if (status != 204) {
            throw new IllegalStateException("events config -> " + status);
        }
    }

    private static long fileBacklog(String realmUrl, String bearer) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(realmUrl + "/smart-audit/shipping"))
                .header("Authorization", "Bearer " + bearer).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("shipping -> " + response.statusCode() + ": " + response.body());
        }
        for (JsonNode sink : JSON.readTree(response.body()).path("sinks")) {
            if (sink.path("sink").asText().equals("file")) {
                return sink.path("backlog").asLong();
            }
        }
        throw new IllegalStateException("no file sink in " + response.body());
    }
}
