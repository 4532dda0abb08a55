package org.smartfhir.keycloak.it.cluster;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.RequiredPeers;
import org.smartfhir.keycloak.harness.poll.Poll;
import org.smartfhir.keycloak.harness.runtime.Database;
import org.smartfhir.keycloak.harness.runtime.Directories;
import org.smartfhir.keycloak.harness.runtime.DistributionKeycloak;
import org.smartfhir.keycloak.harness.runtime.FreePort;
import org.smartfhir.keycloak.harness.runtime.KeycloakSettings;
import org.smartfhir.keycloak.harness.runtime.PostgresDatabase;
import org.smartfhir.keycloak.it.support.AuditFiles;
import org.smartfhir.keycloak.it.support.ClientAssertions;
import org.smartfhir.keycloak.it.support.EhrLauncher;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.LoopbackBalancer;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * Two stock Keycloak 26.7.3 nodes with the pack, in production mode on one PostgreSQL database, clustered by
 * Keycloak's own discovery (JDBC ping) and distributed caches, behind a loopback balancer that is the cluster's one
 * public URL. Every piece of state the pack shares is exercised across nodes: launch handles, assertion {@code jti}s,
 * lazily created SMART scopes, refresh-token rotation and reuse detection, the audit outbox and its shipper; last, one
 * node is killed with SIGKILL under load. Runs in the PostgreSQL execution only (two nodes need one shared database).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(ClusterIT.LogTailOnFailure.class)
class ClusterIT {

    private static final String OPTION = "--spi-events-listener--smart-audit-listener--";
    private static final String SECRET = "cluster-secret-7d1f";
    private static final String PASSWORD = "Cluster-password-42!";
    private static final String REDIRECT = "https://app.example.org/callback";
    private static final String APP = "cluster-app";
    private static final String EHR = "cluster-ehr";
    private static final String BACKEND = "cluster-backend";
    private static final String SERVICE = "cluster-service";
    private static final String READER = "cluster-audit-reader";
    private static final String CLINICIAN = "cluster-clinician";
    private static final String PATIENT = "cluster-patient";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DistributionKeycloak nodeA;
    private static DistributionKeycloak nodeB;
    private static LoopbackBalancer balancer;
    private static Path auditFile;
    private static String issuer;
    private static RealmFixtures fixtures;
    private static SmartApp app;
    private static ClientAssertions backend;

    @BeforeAll
    static void startCluster() throws Exception {
        KeycloakSettings shared = KeycloakSettings.fromSystemProperties();
        if (shared.database() != Database.POSTGRES) {
            String reason = "SKIPPED: the two-node cluster suite runs in the PostgreSQL execution (nodes share one database)";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        if (!PostgresDatabase.fromSystemProperties().reachable()) {
            RequiredPeers.unavailable("cluster", "PostgreSQL is not reachable on 127.0.0.1:5432, so the cluster suite cannot run here");
        }
        Path workDir = shared.workDir().resolveSibling(shared.workDir().getFileName() + "-cluster");
        Path auditDir = workDir.resolve("audit-out");
        Directories.deleteTree(auditDir);
        auditFile = auditDir.resolve("audit.jsonl");
        int balancerPort = FreePort.pick();
        int portA = FreePort.pick();
        int portB = FreePort.pick();
        balancer = new LoopbackBalancer(balancerPort, Map.of("a", "http://127.0.0.1:" + portA, "b", "http://127.0.0.1:" + portB), "a");
        issuer = balancer.baseUrl() + "/realms/" + RealmFixtures.REALM;

        nodeA = DistributionKeycloak.start(node(shared, "cluster-a", workDir, portA).build());
        System.out.println("Node a: " + nodeA.description());
        nodeB = DistributionKeycloak.start(node(shared, "cluster-b", workDir, portB).databaseOf("cluster-a").build());
        System.out.println("Node b: " + nodeB.description());
        awaitClusterOfTwo();
        fixtures();
    }

    /** A node: production mode, its own loopback ports, the balancer's URL as the cluster's hostname. */
    private static KeycloakSettings.Builder node(KeycloakSettings shared, String name, Path workDir, int httpPort) {
        return KeycloakSettings.builder(name, shared).workDir(workDir.resolve(name)).httpPort(httpPort)
                .startOption("--hostname=" + balancer.baseUrl())
                .startOption("--cache-embedded-network-bind-address=127.0.0.1")
                .startOption("--cache-embedded-network-bind-port=" + FreePort.pick())
                .startOption(OPTION + "file-path=" + auditFile)
                .startOption(OPTION + "seal-interval-millis=500")
                .startOption(OPTION + "ship-interval-millis=300")
                .startOption(OPTION + "backoff-first-millis=300")
                .startOption(OPTION + "backoff-max-millis=1000");
    }

    /** Until both nodes report a cluster view of two members (JGroups' JDBC ping and Infinispan's state transfer). */
    private static void awaitClusterOfTwo() {
        Poll.until("the two nodes form a cluster", Duration.ofSeconds(120), () -> viewOfTwo(nodeA) && viewOfTwo(nodeB));
    }

    private static boolean viewOfTwo(DistributionKeycloak node) {
        return node.logTail(4000).lines().anyMatch(l -> l.contains("ISPN000094") && l.contains("(2)"));
    }

    private static void fixtures() {
        fixtures = new RealmFixtures(new KeycloakAdmin(nodeA));
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, "patient/*.rs user/*.rs", false);
        fixtures.smartConfidentialClient(SERVICE, SECRET, REDIRECT, "system/*.rs", true);
        fixtures.serviceClient(EHR, SECRET, "smart-ehr-launcher");
        fixtures.serviceClient(READER, SECRET, "smart-audit-reader");
        backend = new ClientAssertions(BACKEND, issuer + "/protocol/openid-connect/token");
        fixtures.backendJwtClient(BACKEND, backend.publicJwks(), "system/*.rs");
        fixtures.user(CLINICIAN, PASSWORD);
        fixtures.grantRealmRoles(CLINICIAN, "smart-clinician");
        fixtures.user(PATIENT, PASSWORD);
        fixtures.grantRealmRoles(PATIENT, "smart-patient");
        fixtures.linkPatients(PATIENT, "cluster-pat-1");
        app = new SmartApp(issuer, APP, SECRET, REDIRECT);
    }

    @AfterAll
    static void stopCluster() {
        for (AutoCloseable closeable : new AutoCloseable[] {nodeB, nodeA, balancer}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    // ---- the tests ----

    @Test
    @Order(1)
    void aLaunchHandleMintedOnOneNodeIsConsumedOnTheOtherExactlyOnce() {
        balancer.routeTo("a");
        String launch = new EhrLauncher(issuer, EHR, SECRET).handle("{\"client_id\":\"" + APP + "\",\"patient\":\"cluster-pat-9\"}");

        balancer.routeTo("b");
        long servedByA = balancer.served("a");
        Pkce pkce = Pkce.s256();
        Map<String, String> params = app.authorizeParams("openid launch patient/Observation.rs", pkce, "st-b");
        params.put("launch", launch);
        Map<String, String> redirect = app.login(params, CLINICIAN, PASSWORD);
        assertNotNull(redirect.get("code"), "node b accepts the handle node a minted: " + redirect);
        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        assertEquals("cluster-pat-9", token.jsonPath().getString("patient"));
        assertEquals(servedByA, balancer.served("a"), "the whole launch ran on node b");

        balancer.routeTo("a");
        Map<String, String> again = app.authorizeParams("openid launch patient/Observation.rs", Pkce.s256(), "st-a");
        again.put("launch", launch);
        Map<String, String> refused = app.login(again, CLINICIAN, PASSWORD);
        assertFalse(refused.containsKey("code"), "a handle consumed on node b is spent on node a too: " + refused);
        assertEquals("invalid_request", refused.get("error"), refused.toString());
        assertEquals("st-a", refused.get("state"));
    }

    @Test
    @Order(2)
    void anAssertionAcceptedOnOneNodeIsAReplayOnTheOther() {
        String assertion = backend.rs384(c -> { });
        balancer.routeTo("a");
        Response first = backend.token(assertion, "system/Patient.rs");
        assertEquals(200, first.statusCode(), first.asString());
        balancer.routeTo("b");
        Response replay = backend.token(assertion, "system/Patient.rs");
        assertEquals(400, replay.statusCode(), "node b must know the jti node a saw: " + replay.asString());
        assertEquals("invalid_client", replay.jsonPath().getString("error"), replay.asString());
    }

    @Test
    @Order(3)
    void aNeverSeenScopeIsCreatedOnceAndGrantedOnBothNodes() throws Exception {
        String first = "system/Immunization.rs";
        assertEquals(0, fixtures.clientScopesNamed(first));
        long servedByB = balancer.served("b");
        assertTrue(serviceToken("a", first).contains(first), "granted on node a");
        assertTrue(serviceToken("b", first).contains(first), "granted on node b, whose caches heard of it from node a");
        assertEquals(1, fixtures.clientScopesNamed(first));
        assertEquals(servedByB + 1, balancer.served("b"), "the second request went to node b");

        for (String scope : List.of("system/Procedure.rs", "system/Device.rs", "system/Location.rs")) {
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService both = Executors.newFixedThreadPool(2);
            List<Future<String>> granted = new ArrayList<>();
            for (String node : List.of("a", "b")) {
                granted.add(both.submit(() -> {
                    start.await();
                    return serviceToken(node, scope);
                }));
            }
            start.countDown();
            for (Future<String> g : granted) {
                assertTrue(g.get(60, TimeUnit.SECONDS).contains(scope), "granted on both nodes at once: " + scope);
            }
            both.shutdown();
            assertEquals(1, fixtures.clientScopesNamed(scope), scope + " created once");
        }
    }

    /** client_credentials on {@code node}; the granted scope string, or the error answer. */
    private static String serviceToken(String node, String scope) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(issuer + "/protocol/openid-connect/token"))
                .header(LoopbackBalancer.NODE_HEADER, node)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((SERVICE + ":" + SECRET).getBytes()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope.replace("/", "%2F")))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode() + ": " + response.body();
        }
        return JSON.readTree(response.body()).path("scope").asText();
    }

    @Test
    @Order(4)
    void refreshRotatesAcrossNodesAndAReuseOnEitherRevokesTheGrant() {
        balancer.routeTo("a");
        JsonPath launched = app.launch("openid launch/patient patient/Observation.rs", PATIENT, PASSWORD).jsonPath();
        String first = launched.getString("refresh_token");
        assertNotNull(first, launched.prettify());

        balancer.routeTo("b");
        Response rotated = app.refresh(first, null);
        assertEquals(200, rotated.statusCode(), "node b refreshes a grant made on node a: " + rotated.asString());
        String second = rotated.jsonPath().getString("refresh_token");
        assertEquals("cluster-pat-1", rotated.jsonPath().getString("patient"), "the launch context survives the move");

        balancer.routeTo("a");
        Response reuse = app.refresh(first, null);
        assertEquals(400, reuse.statusCode(), "node a knows node b rotated the token: " + reuse.asString());
        assertEquals("invalid_grant", reuse.jsonPath().getString("error"));

        balancer.routeTo("b");
        Response afterReuse = app.refresh(second, null);
        assertEquals(400, afterReuse.statusCode(), "the reuse revoked the whole grant, on every node: " + afterReuse.asString());
        assertEquals("invalid_grant", afterReuse.jsonPath().getString("error"));
    }

    @Test
    @Order(5)
    void bothNodesWriteOneOutboxAndOneNodeAtATimeShipsIt() throws Exception {
        Set<String> jtis = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            balancer.routeTo(i % 2 == 0 ? "a" : "b");
            jtis.add(backendJti());
        }
        assertFalse(jtis.contains(null), "every token issued");
        awaitShipped(jtis, Duration.ofSeconds(60));
        assertNoRecordShippedTwice();
        assertChainIntact();
    }

    @Test
    @Order(6)
    void aNodeKilledUnderLoadLosesNothingAndItsUsersRefreshOnTheOtherNode() throws Exception {
        balancer.routeTo("a");
        JsonPath viaA = app.launch("openid launch/patient patient/Observation.rs", PATIENT, PASSWORD).jsonPath();
        String refreshToken = viaA.getString("refresh_token");

        Set<String> issued = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> okAfterKill = Map.of("a", new AtomicInteger(), "b", new AtomicInteger());
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String node = t % 2 == 0 ? "a" : "b";
            workers.add(load.submit((Callable<Void>) () -> {
                while (!stop.get()) {
                    String jti = backendJti(node);
                    if (jti != null) {
                        issued.add(jti);
                        if (killed.get()) {
                            okAfterKill.get(node).incrementAndGet();
                        }
                    } else if (node.equals("a") && killed.get()) {
                        Thread.sleep(50); // paces requests to the dead node (the balancer answers 502); waits for nothing
                    }
                }
                return null;
            }));
        }
        Poll.until("both nodes issue tokens under load", Duration.ofSeconds(60), () -> issued.size() > 40);
        int beforeKill = issued.size();
        nodeA.kill();
        Instant killedAt = Instant.now();
        killed.set(true);
        Poll.until("node b keeps issuing tokens after the kill", Duration.ofSeconds(60), () -> okAfterKill.get("b").get() > 40);
        stop.set(true);
        for (Future<?> w : workers) {
            w.get(60, TimeUnit.SECONDS);
        }
        load.shutdown();
        System.out.printf("kill -9 of node a under load: %d tokens before the kill, %d in all; node b issued %d after it%n",
                beforeKill, issued.size(), okAfterKill.get("b").get());
        assertTrue(beforeKill > 20, "load ran before the kill: " + beforeKill);
        assertTrue(okAfterKill.get("b").get() > 20, "node b kept issuing tokens: " + okAfterKill.get("b").get());

        balancer.routeTo("b");
        Response refreshed = app.refresh(refreshToken, null);
        assertEquals(200, refreshed.statusCode(), "a user who signed in through the dead node refreshes through the live "
                + "one: " + refreshed.asString());
        assertEquals("cluster-pat-1", refreshed.jsonPath().getString("patient"));

        // A node killed while holding the shipper's cluster-wide lock delays shipping until the lock expires (120 s).
        awaitShipped(issued, Duration.ofSeconds(180));
        System.out.printf("every one of %d tokens answered 200 has its record in the file sink, %.1f s after the kill%n",
                issued.size(), Duration.between(killedAt, Instant.now()).toMillis() / 1000.0);
        assertNoRecordShippedTwice();
        assertChainIntact();
    }

    // ---- helpers ----

    private static String backendJti() {
        Response token = backend.token(backend.rs384(c -> { }), "system/Patient.rs");
        return token.statusCode() == 200 ? String.valueOf(Jwt.claims(token.jsonPath().getString("access_token")).get("jti")) : null;
    }

    private static String backendJti(String node) {
        Response token = given().header(LoopbackBalancer.NODE_HEADER, node).contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").formParam("client_assertion_type", ClientAssertions.TYPE)
                .formParam("client_assertion", backend.rs384(c -> { })).formParam("scope", "system/Patient.rs")
                .post(issuer + "/protocol/openid-connect/token");
        return token.statusCode() == 200 ? String.valueOf(Jwt.claims(token.jsonPath().getString("access_token")).get("jti")) : null;
    }

    private static List<JsonNode> fileLines() {
        return AuditFiles.lines(auditFile.getParent());
    }

    private static void awaitShipped(Set<String> jtis, Duration timeout) {
        Set<String> missing = new HashSet<>(jtis);
        Poll.atMost(timeout, () -> {
            String shipped = String.join("\n", fileLines().stream().map(JsonNode::toString).toList());
            missing.removeIf(shipped::contains);
            return missing.isEmpty();
        }, Boolean::booleanValue);
        if (!missing.isEmpty()) {
            throw new AssertionError(missing.size() + " of " + jtis.size() + " tokens have no shipped record after " + timeout
                    + ", e.g. " + missing.stream().limit(5).toList());
        }
    }

    private static void assertNoRecordShippedTwice() {
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode line : fileLines()) {
            seen.merge(line.get("id").asText(), 1, Integer::sum);
        }
        List<String> twice = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
        assertTrue(twice.isEmpty(), twice.size() + " records shipped more than once, e.g. " + twice.stream().limit(5).toList());
    }

    private static void assertChainIntact() {
        SmartApp reader = new SmartApp(issuer, READER, SECRET, REDIRECT);
        Response token = reader.clientCredentials("openid");
        assertEquals(200, token.statusCode(), token.asString());
        Response verify = given().header("Authorization", "Bearer " + token.jsonPath().getString("access_token"))
                .get(issuer + "/smart-audit/verify");
        assertEquals(200, verify.statusCode(), verify.asString());
        assertTrue(verify.jsonPath().getBoolean("intact"), verify.asString());
    }

    /** On failure, the tail of both nodes' logs. */
    static final class LogTailOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (DistributionKeycloak node : new DistributionKeycloak[] {nodeA, nodeB}) {
                if (node != null) {
                    System.out.println("---- " + node.description() + " (last 150 lines) ----\n" + node.logTail(150));
                }
            }
        }
    }
}
