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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.runtime.Directories;
import org.smartfhir.keycloak.harness.runtime.DistributionKeycloak;
import org.smartfhir.keycloak.harness.runtime.KeycloakSettings;

/**
 * What the HIPAA audit listener costs at the token endpoint, and how fast the shipper drains a backlog to the file
 * sink, measured on one Keycloak 26.7.3 with the pack and the realm template:
 * <ol>
 *   <li>Backend Services token throughput with {@code smart-audit-listener} on and off, alternated (on, off, on, off)
 *       so that drift of a shared machine spreads over both; the file sink is blocked meanwhile, so "on" is the cost
 *       of the outbox insert and sealing alone;</li>
 *   <li>the backlog those phases left, drained to the file sink once it is unblocked (records per second);</li>
 *   <li>throughput with the listener on while the shipper writes to the file as records arrive.</li>
 * </ol>
 * Run from the repository root after {@code mvn -B install -DskipTests}:
 * {@code java -cp benchmarks/target/benchmarks.jar org.smartfhir.keycloak.bench.load.AuditOverhead}. Writes
 * {@code benchmarks/target/bench/audit-overhead.md} and {@code .png}. Options: {@code -Dbench.seconds} (30), {@code -Dbench.threads} (4).
 */
public final class AuditOverhead {

    private static final String REALM = "smart";
    private static final String LISTENER = "smart-audit-listener";
    private static final String OPTION = "--spi-events-listener--smart-audit-listener--";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "30"));
        int threads = Integer.getInteger("bench.threads", 4);
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        Path out = root.resolve("benchmarks/target/bench");
        Path sinkDir = out.resolve("audit-out");
        Files.createDirectories(out);
        Directories.deleteTree(sinkDir);
        Files.writeString(sinkDir, "blocks the file sink until the drain phase");

        KeycloakSettings settings = PackServers.settings(root, "bench-pack", out.resolve("keycloak"))
                .startOption(OPTION + "file-path=" + sinkDir.resolve("audit.jsonl"))
                .startOption(OPTION + "backoff-first-millis=200")
                .startOption(OPTION + "backoff-max-millis=500")
                .startOption(OPTION + "ship-interval-millis=200")
                .build();
        List<LoadResult> results = new ArrayList<>();
        Map<String, String> figures = new LinkedHashMap<>();
        try (DistributionKeycloak keycloak = DistributionKeycloak.start(settings)) {
            System.out.println("Started " + keycloak.description());
            KeycloakAdmin admin = new KeycloakAdmin(keycloak);
            String realmUrl = keycloak.baseUrl() + "/realms/" + REALM;
            BackendClient backend = new BackendClient(realmUrl, "bench-backend");
            backend.register(admin, REALM, "system/*.rs");
            String readerSecret = PackServers.auditReader(admin, REALM);

            Phases phases = new Phases(backend, threads);
            phases.run("backend", "warm-up", Math.min(20, seconds));
            phases.run("backend", "warm-up", Math.min(20, seconds));
            for (String variant : List.of("listener on", "listener off", "listener on", "listener off")) {
                listener(admin, variant.endsWith("on"));
                LoadResult r = phases.run("backend services token", variant + " (sink blocked)", seconds);
                System.out.println(row(r));
                results.add(r);
            }
            listener(admin, true);

            Thread.sleep(3000); // let the sealer chain the last records
            String reader = PackServers.clientCredentialsToken(realmUrl, "bench-audit-reader", readerSecret);
            long backlog = fileBacklog(realmUrl, reader);
            Files.delete(sinkDir);
            long start = System.nanoTime();
            long started = 0;
            long left = backlog;
            while (left > 0) {
                Thread.sleep(100);
                left = fileBacklog(realmUrl, reader);
                if (started == 0 && left < backlog) {
                    started = System.nanoTime();
                }
            }
            double drainSeconds = (System.nanoTime() - (started == 0 ? start : started)) / 1e9;
            figures.put("file sink drain", String.format("%d records in %.1f s = **%.0f records/s** (from the first "
                    + "confirmed batch to an empty backlog)", backlog, drainSeconds, backlog / drainSeconds));
            System.out.println(figures.get("file sink drain"));

            LoadResult live = phases.run("backend services token", "listener on (shipping to file)", seconds);
            System.out.println(row(live));
            results.add(live);
        }
        double on = mean(results, "listener on (sink blocked)");
        double off = mean(results, "listener off (sink blocked)");
        figures.put("listener on / off", String.format("**%.3f** (mean of two alternating phases each)", on / off));
        figures.put("listener on, shipping live / off", String.format("**%.3f**", results.get(results.size() - 1).throughput() / off));
        String report = Report.markdown("Audit listener overhead at the token endpoint", results, figures, threads, seconds);
        Files.writeString(out.resolve("audit-overhead.md"), report);
        Report.chart("Backend Services tokens with the audit listener on and off", results, out.resolve("audit-overhead.png"));
        System.out.println(report);
    }

    /**
     * Runs phases with enough assertions signed beforehand: twice what the fastest phase so far would use, and a
     * phase that still runs out is repeated with twice as many (its figures are never reported).
     */
    private static final class Phases {
        private final BackendClient backend;
        private final int threads;
        private double fastest = 200;

        Phases(BackendClient backend, int threads) {
            this.backend = backend;
            this.threads = threads;
        }

        LoadResult run(String flow, String variant, double seconds) throws InterruptedException {
            int prepared = (int) Math.ceil(fastest * seconds * 2) + 2000;
            while (true) {
                backend.prepare(prepared);
                try {
                    LoadResult r = ClosedLoop.run(flow, variant, threads, seconds, () -> backend.token("system/Patient.rs"));
                    fastest = Math.max(fastest, r.throughput());
                    return r;
                } catch (ClosedLoop.Exhausted e) {
                    System.out.println(variant + ": " + e.getMessage() + "; repeating with more");
                    prepared *= 2;
                }
            }
        }
    }

    private static double mean(List<LoadResult> results, String variant) {
        return results.stream().filter(r -> r.variant().equals(variant)).mapToDouble(LoadResult::throughput).average().orElseThrow();
    }

    private static String row(LoadResult r) {
        return String.format("%s, %s: %.1f req/s, p50 %.1f ms, p99 %.1f ms, %d errors", r.flow(), r.variant(),
                r.throughput(), r.p50Millis(), r.p99Millis(), r.errors());
    }

    /** Switches the audit listener in the realm's event listeners, as an admin would in the console. */
    private static void listener(KeycloakAdmin admin, boolean on) {
        ObjectNode config = (ObjectNode) admin.get("/realms/" + REALM + "/events/config");
        ArrayNode listeners = JSON.createArrayNode();
        for (JsonNode l : config.withArray("eventsListeners")) {
            if (!l.asText().equals(LISTENER)) {
                listeners.add(l.asText());
            }
        }
        if (on) {
            listeners.add(LISTENER);
        }
        config.set("eventsListeners", listeners);
        int status = admin.put("/realms/" + REALM + "/events/config", config);
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
