package org.smartfhir.keycloak.it.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.poll.Poll;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.ClientAssertions;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * The HIPAA audit trail against the real server: every token issued has exactly one "Get Access Token" (ITI-71) record
 * naming the token's {@code jti}, and none holds a token or secret; the realm's hash chain verifies; the compliance
 * officer's API needs its role and records every search.
 */
@KeycloakTest
class AuditTrailIT {

    private static final String BACKEND = "audit-backend";
    private static final String APP = "audit-app";
    private static final String APP_SECRET = "audit-app-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://audit-app.example.org/callback";
    private static final String READER = "audit-reader";
    private static final String READER_SECRET = "audit-reader-secret-" + System.nanoTime();
    private static final String STRANGER = "audit-stranger";
    private static final String RESOURCE_SERVER = "audit-resource-server";
    private static final String PASSWORD = "audit-Password-1234";

    private static String realmUrl;
    private static String masterIssuer;
    private static String adminUsername;
    private static ClientAssertions backend;
    private static SmartApp app;
    private static SmartApp reader;
    private static SmartApp stranger;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        realmUrl = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        masterIssuer = keycloak.baseUrl() + "/realms/master";
        adminUsername = keycloak.adminUsername();
        RealmFixtures fixtures = new RealmFixtures(admin);
        backend = new ClientAssertions(BACKEND, realmUrl + "/protocol/openid-connect/token");
        fixtures.backendJwtClient(BACKEND, backend.publicJwks(), "system/*.rs");
        fixtures.smartConfidentialClient(APP, APP_SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.user("audit-patient", PASSWORD);
        fixtures.grantRealmRoles("audit-patient", "smart-patient");
        fixtures.linkPatients("audit-patient", "audit-pat-1");
        fixtures.serviceClient(READER, READER_SECRET, "smart-audit-reader");
        fixtures.serviceClient(STRANGER, READER_SECRET);
        fixtures.serviceClient(RESOURCE_SERVER, READER_SECRET, "smart-introspector");
        app = new SmartApp(realmUrl, APP, APP_SECRET, REDIRECT);
        reader = new SmartApp(realmUrl, READER, READER_SECRET, REDIRECT);
        stranger = new SmartApp(realmUrl, STRANGER, READER_SECRET, REDIRECT);
    }

    private static String bearer(SmartApp client) {
        Response token = client.token().formParam("grant_type", "client_credentials").post(client.tokenEndpoint());
        assertEquals(200, token.statusCode(), token.asString());
        return token.jsonPath().getString("access_token");
    }

    private static Response search(String bearer, String query) {
        return given().header("Authorization", "Bearer " + bearer).urlEncodingEnabled(false)
                .get(realmUrl + "/smart-audit/AuditEvent?" + query);
    }

    @Test
    void everyIssuedTokenHasExactlyOneGetAccessTokenRecordAndNoSecret() {
        List<String> issued = new ArrayList<>();
        Set<String> jtis = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            String assertion = backend.rs384(c -> { });
            issued.add(assertion);
            Response token = backend.token(assertion, "system/Patient.rs");
            assertEquals(200, token.statusCode(), token.asString());
            issued.add(token.jsonPath().getString("access_token"));
            jtis.add(String.valueOf(Jwt.claims(token.jsonPath().getString("access_token")).get("jti")));
        }
        Response launched = app.launch("openid launch/patient patient/Observation.rs", "audit-patient", PASSWORD);
        assertEquals(200, launched.statusCode(), launched.asString());
        Response refreshed = app.refresh(launched.jsonPath().getString("refresh_token"), null);
        assertEquals(200, refreshed.statusCode(), refreshed.asString());
        for (Response r : List.of(launched, refreshed)) {
            issued.add(r.jsonPath().getString("access_token"));
            issued.add(r.jsonPath().getString("refresh_token"));
            issued.add(r.jsonPath().getString("id_token"));
            jtis.add(String.valueOf(Jwt.claims(r.jsonPath().getString("access_token")).get("jti")));
        }

        String bearer = bearer(reader);
        Response backendRecords = search(bearer, "client=" + BACKEND + "&_count=100");
        Response appRecords = search(bearer, "client=" + APP + "&_count=100");
        Map<String, Integer> recordsPerJti = new java.util.HashMap<>();
        for (Response page : List.of(backendRecords, appRecords)) {
            assertEquals(200, page.statusCode(), page.asString());
            assertTrue(page.getContentType().startsWith("application/fhir+json"), page.getContentType());
            JsonPath bundle = page.jsonPath();
            assertEquals("searchset", bundle.getString("type"));
            for (Map<String, Object> resource : bundle.<Map<String, Object>>getList("entry.resource")) {
                Map<?, ?> type = (Map<?, ?>) resource.get("type");
                if ("ITI-71".equals(type.get("code"))) {
                    for (Object agent : (List<?>) resource.get("agent")) {
                        Object policies = ((Map<?, ?>) agent).get("policy");
                        if (policies != null) {
                            for (Object policy : (List<?>) policies) {
                                recordsPerJti.merge(String.valueOf(policy).replace("urn:ietf:params:oauth:jti:", ""), 1, Integer::sum);
                            }
                        }
                    }
                }
            }
            for (String secret : issued) {
                assertFalse(page.asString().contains(secret), "a token or assertion in the audit trail");
            }
            assertFalse(page.asString().contains(APP_SECRET));
        }
        // The code exchange and the refresh name the grant's patient and how the user signed in.
        assertTrue(appRecords.asString().contains("\"reference\":\"Patient/audit-pat-1\""), appRecords.asString());
        assertTrue(appRecords.asString().contains("http://idmanagement.gov/ns/assurance/aal/1"), "acr in the records");
        for (String jti : jtis) {
            assertEquals(1, recordsPerJti.getOrDefault(jti, 0), "exactly one Get Access Token record for " + jti + ": " + recordsPerJti);
        }
    }

    @Test
    void theHashChainOfTheRealmVerifies() {
        String bearer = bearer(reader);
        // Records are sealed into the chain every 2 s.
        JsonPath result = Poll.until("a sealed record in the chain", Duration.ofSeconds(30), () -> {
            Response verify = given().header("Authorization", "Bearer " + bearer).get(realmUrl + "/smart-audit/verify");
            assertEquals(200, verify.statusCode(), verify.asString());
            return verify.jsonPath();
        }, r -> r.getLong("checked") > 0);
        assertTrue(result.getBoolean("intact"), result.prettify());
        assertTrue(result.getLong("checked") > 0, result.prettify());
    }

    @Test
    void theApiNeedsItsRoleAndRecordsEverySearch() {
        Response anonymous = given().get(realmUrl + "/smart-audit/AuditEvent");
        assertEquals(401, anonymous.statusCode(), anonymous.asString());
        assertEquals("invalid_token", anonymous.jsonPath().getString("error"));
        Response refused = search(bearer(stranger), "client=" + APP);
        assertEquals(403, refused.statusCode(), refused.asString());
        assertEquals("insufficient_scope", refused.jsonPath().getString("error"));
        Response malformed = search(bearer(reader), "date=yesterday");
        assertEquals(400, malformed.statusCode(), malformed.asString());
        assertEquals("invalid_request", malformed.jsonPath().getString("error"));

        String bearer = bearer(reader);
        assertEquals(200, search(bearer, "patient=Patient/nobody-" + System.nanoTime()).statusCode());
        Response queries = search(bearer, "client=" + READER + "&_count=100");
        assertEquals(200, queries.statusCode(), queries.asString());
        List<String> codes = queries.jsonPath().getList("entry.resource.type.code");
        assertTrue(codes.contains("110112"), "the searches are themselves recorded: " + codes);
        Response csv = given().header("Authorization", "Bearer " + bearer).get(realmUrl + "/smart-audit/AuditEvent.csv?client=" + READER);
        assertEquals(200, csv.statusCode(), csv.asString());
        assertTrue(csv.asString().startsWith("recorded,event,type"), csv.asString());
    }

    /**
     * The fixtures' admin API calls (creating this suite's clients) are recorded in the realm they changed, naming the
     * admin as they signed in: master realm issuer, username, and {@code admin-cli} rather than its internal id.
     */
    @Test
    void anAdminEventNamesTheAdminByTheirOwnRealmUsernameAndClient() {
        Response records = search(bearer(reader), "_count=500");
        assertEquals(200, records.statusCode(), records.asString());
        List<Map<String, Object>> alerts = records.jsonPath().getList("entry.resource.findAll { it.type.code == '110113' }");
        Map<String, Object> byAdmin = alerts.stream()
                .filter(a -> String.valueOf(a.get("agent")).contains("system=" + masterIssuer + ","))
                .findFirst().orElseThrow(() -> new AssertionError("no admin event names the master realm: " + alerts));
        String agents = String.valueOf(byAdmin.get("agent"));
        assertTrue(agents.contains("display=" + adminUsername), agents);
        assertTrue(agents.contains("system=" + masterIssuer + "/clients, value=admin-cli"), agents);
    }

    /** A misspelt or unknown parameter never widens a search to the whole trail: 400 naming it. */
    @ParameterizedTest
    @ValueSource(strings = {"unknown=1", "pateint=x", "client=" + APP + "&clients=x", "_sort=date"})
    void anUnknownSearchParameterIsRefusedNamingIt(String query) {
        Response refused = search(bearer(reader), query);
        assertEquals(400, refused.statusCode(), refused.asString());
        assertEquals("invalid_request", refused.jsonPath().getString("error"));
        String name = query.substring(query.lastIndexOf('&') + 1, query.lastIndexOf('='));
        assertTrue(refused.jsonPath().getString("error_description").contains("'" + name + "'"), refused.asString());
    }

    /**
     * Walking {@code next} links sees each record once, although every page request adds its own query record at the
     * top of the trail (the search below includes those: it is the whole realm).
     */
    @Test
    void walkingNextLinksSeesEachRecordOnce() {
        String bearer = bearer(reader);
        for (int i = 0; i < 6; i++) {
            bearer(reader); // records enough for several pages
        }
        List<String> seen = new ArrayList<>();
        String next = realmUrl + "/smart-audit/AuditEvent?_count=3";
        for (int page = 0; page < 4 && next != null; page++) {
            Response answer = given().header("Authorization", "Bearer " + bearer).urlEncodingEnabled(false).get(next);
            assertEquals(200, answer.statusCode(), answer.asString());
            seen.addAll(answer.jsonPath().getList("entry.resource.id"));
            List<String> relations = answer.jsonPath().getList("link.relation");
            next = relations.contains("next") ? answer.jsonPath().getString("link.find { it.relation == 'next' }.url") : null;
        }
        assertEquals(12, seen.size(), "four full pages: " + seen);
        assertEquals(new HashSet<>(seen).size(), seen.size(), "no record on two pages: " + seen);
    }

    /** The query record names the caller's request id, so it can be matched with the gateway's log of the request. */
    @Test
    void aSearchRecordCarriesTheCallersRequestId() {
        String bearer = bearer(reader);
        String requestId = "audit-request-" + System.nanoTime();
        assertEquals(200, given().header("Authorization", "Bearer " + bearer).header("X-Request-Id", requestId)
                .get(realmUrl + "/smart-audit/AuditEvent?patient=Patient/nobody").statusCode());
        Response queries = search(bearer, "client=" + READER + "&_count=100");
        assertTrue(queries.asString().contains(requestId), "the 110112 record has the request id: " + queries.asString());
    }

    /**
     * The listener's default ({@code introspection=failures}): a FHIR server's successful lookups are not audit rows
     * (it audits its own accesses), a failed one (a probed or stolen token) is.
     */
    @Test
    void onlyFailedIntrospectionsAreRecordedByDefault() {
        String token = backend.token(backend.rs384(c -> { }), "system/Patient.rs").jsonPath().getString("access_token");
        Response active = given().auth().preemptive().basic(RESOURCE_SERVER, READER_SECRET)
                .contentType("application/x-www-form-urlencoded").formParam("token", token).post(realmUrl + "/smart-introspect");
        assertEquals(200, active.statusCode(), active.asString());
        assertTrue(active.jsonPath().getBoolean("active"), active.asString());
        Response inactive = given().auth().preemptive().basic(RESOURCE_SERVER, READER_SECRET)
                .contentType("application/x-www-form-urlencoded").formParam("token", "not-a-token").post(realmUrl + "/smart-introspect");
        assertEquals(200, inactive.statusCode(), inactive.asString());
        assertFalse(inactive.jsonPath().getBoolean("active"), inactive.asString());

        String bearer = bearer(reader);
        List<String> outcomes = Poll.until("an introspection record", Duration.ofSeconds(30), () -> {
            Response records = search(bearer, "client=" + RESOURCE_SERVER + "&_count=100");
            assertEquals(200, records.statusCode(), records.asString());
            List<Map<String, Object>> resources = records.jsonPath().getList("entry.resource");
            return resources == null ? List.<String>of() : resources.stream()
                    .filter(r -> String.valueOf(r.get("subtype")).contains("introspection"))
                    .map(r -> String.valueOf(r.get("outcome"))).toList();
        }, found -> !found.isEmpty());
        assertEquals(1, outcomes.size(), "one introspection record, the failed one: " + outcomes);
        assertTrue(!outcomes.get(0).equals("0"), "the recorded introspection is the failure: " + outcomes);
    }
}
