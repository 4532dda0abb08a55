package org.smartfhir.keycloak.it.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import org.hl7.fhir.r4.model.AuditEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.RequiredPeers;
import org.smartfhir.keycloak.harness.poll.Poll;
import org.smartfhir.keycloak.harness.runtime.Database;
import org.smartfhir.keycloak.harness.runtime.Directories;
import org.smartfhir.keycloak.harness.runtime.DistributionKeycloak;
import org.smartfhir.keycloak.harness.runtime.KeycloakSettings;
import org.smartfhir.keycloak.harness.runtime.LogFile;
import org.smartfhir.keycloak.harness.runtime.PostgresDatabase;
import org.smartfhir.keycloak.harness.tls.SelfSignedTls;
import org.smartfhir.keycloak.harness.tls.SyslogTlsReceiver;
import org.smartfhir.keycloak.it.support.AuditFiles;
import org.smartfhir.keycloak.it.support.AuditRepository;
import org.smartfhir.keycloak.it.support.BrowserlessLogin;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * The decision a person makes on the SMART consent page is an audit record (IHE BALP AuthZ-Consent, DICOM 110113):
 * what they granted, what they refused, to which app, for which patient — found by the compliance officer's
 * {@code patient=} search and shipped to the JSON Lines file, the ATNA syslog repository and the FHIR server. The
 * user signs in and answers the consent page over HTTP as a browser does; the suite runs its own Keycloak because
 * the sinks are server options.
 */
class ConsentAuditIT {

    private static final String OPTION = "--spi-events-listener--smart-audit-listener--";
    private static final String APP = "consent-audit-app";
    private static final String APP_SECRET = "consent-audit-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://consent-audit-app.example.org/callback";
    private static final String READER = "consent-audit-reader";
    private static final String READER_SECRET = "consent-audit-reader-secret-" + System.nanoTime();
    private static final String PASSWORD = "consent-audit-Password-1234";
    private static final String REQUEST = "openid launch/patient patient/Observation.rs patient/Condition.rs patient/Patient.read";
    private static final String NARROWING = "consent-narrowing";
    private static final String DENYING = "consent-denying";
    private static final String REVOKING = "consent-revoking";

    private static DistributionKeycloak keycloak;
    private static Path auditDir;
    private static SyslogTlsReceiver syslog;
    private static AuditRepository fhir;
    private static String realmUrl;
    private static SmartApp app;
    private static SmartApp reader;

    @RegisterExtension
    static final TestWatcher LOG_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (keycloak != null) {
                System.out.println(LogFile.banner("Keycloak (consent audit) log, last 200 lines, after "
                        + context.getDisplayName() + " failed", keycloak.logTail(200)));
            }
        }
    };

    @BeforeAll
    static void start() throws IOException {
        KeycloakSettings shared = KeycloakSettings.fromSystemProperties();
        if (shared.database() == Database.POSTGRES && !PostgresDatabase.fromSystemProperties().reachable()) {
            RequiredPeers.unavailable("postgres", "PostgreSQL is not reachable, so the consent audit does not run on it here");
        }
        Path workDir = shared.workDir().resolveSibling(shared.workDir().getFileName() + "-consent-audit");
        auditDir = workDir.resolve("audit-out");
        Directories.deleteTree(auditDir);
        SelfSignedTls repository = SelfSignedTls.create(workDir.resolve("tls"), "audit-repository");
        syslog = new SyslogTlsReceiver(repository, null).start();
        fhir = new AuditRepository();
        keycloak = DistributionKeycloak.start(KeycloakSettings.builder("consent-audit-" + shared.database().kind(), shared)
                .workDir(workDir)
                .startOption("--truststore-paths=" + repository.certificatePem())
                .startOption(OPTION + "seal-interval-millis=500")
                .startOption(OPTION + "ship-interval-millis=500")
                .startOption(OPTION + "file-path=" + auditDir.resolve("audit.jsonl"))
                .startOption(OPTION + "syslog-host=localhost")
                .startOption(OPTION + "syslog-port=" + syslog.port())
                .startOption(OPTION + "fhir-url=" + fhir.base())
                .build());
        realmUrl = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        RealmFixtures fixtures = new RealmFixtures(new KeycloakAdmin(keycloak));
        fixtures.smartConfidentialClient(APP, APP_SECRET, REDIRECT, "patient/*.rs", false);
        for (String user : List.of(NARROWING, DENYING, REVOKING)) {
            fixtures.user(user, PASSWORD);
            fixtures.grantRealmRoles(user, "smart-patient");
            fixtures.linkPatients(user, patientOf(user));
        }
        fixtures.serviceClient(READER, READER_SECRET, "smart-audit-reader");
        app = new SmartApp(realmUrl, APP, APP_SECRET, REDIRECT);
        reader = new SmartApp(realmUrl, READER, READER_SECRET, REDIRECT);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable peer : new AutoCloseable[] {keycloak, syslog, fhir}) {
            try {
                if (peer != null) {
                    peer.close();
                }
            } catch (Exception e) {
                System.out.println("closing " + peer + ": " + e);
            }
        }
    }

    private static String patientOf(String user) {
        return user + "-pat";
    }

    /** Signs {@code user} in and answers the consent page: the boxes {@code ticked} and "Allow", or "Deny". */
    private static Map<String, String> answerConsent(String user, List<String> ticked, boolean grant, Pkce pkce) {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Response page = browser.submitLogin(browser.authorize(app.authorizeParams(REQUEST, pkce, "st-" + user)), user, PASSWORD);
        assertTrue(BrowserlessLogin.isConsentPage(page), "the consent page follows the login: " + page.asString());
        Response redirect = browser.submitConsent(page, ticked, grant);
        assertEquals(302, redirect.statusCode(), redirect.asString());
        return BrowserlessLogin.query(redirect.getHeader("Location"));
    }

    /** The realm's consent AuditEvents for a patient, from the compliance officer's search. */
    private static List<Map<String, Object>> consentRecords(String patient) {
        Response token = reader.clientCredentials("openid");
        assertEquals(200, token.statusCode(), token.asString());
        Response found = given().header("Authorization", "Bearer " + token.jsonPath().getString("access_token"))
                .urlEncodingEnabled(false).get(realmUrl + "/smart-audit/AuditEvent?patient=Patient/" + patient + "&_count=100");
        assertEquals(200, found.statusCode(), found.asString());
        List<Map<String, Object>> resources = found.jsonPath().getList("entry.resource");
        return resources == null ? List.of() : resources.stream()
                .filter(r -> String.valueOf(r.get("subtype")).contains("AuthZ-Consent")).toList();
    }

    /** The {@code detail}s of the AuditEvent's entities, by type. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> details(Map<String, Object> event) {
        return ((List<Map<String, Object>>) event.get("entity")).stream()
                .flatMap(e -> e.get("detail") == null ? java.util.stream.Stream.empty()
                        : ((List<Map<String, Object>>) e.get("detail")).stream())
                .collect(Collectors.toMap(d -> String.valueOf(d.get("type")), d -> String.valueOf(d.get("valueString")),
                        (a, b) -> a + " | " + b));
    }

    /** The file sink's record of a consent decision for {@code patient}, once shipped. */
    private static JsonNode fileRecord(String eventType, String patient) {
        return Poll.until("the " + eventType + " record of " + patient + " in the audit file", Duration.ofSeconds(30),
                () -> AuditFiles.lines(auditDir).stream().map(l -> l.get("record"))
                        .filter(r -> eventType.equals(r.path("eventType").asText()) && patient.equals(r.path("patient").asText()))
                        .findFirst(), Optional::isPresent).orElseThrow();
    }

    /** The ATNA message of the record with {@code id}, once shipped. */
    private static String syslogBody(String id) {
        return Poll.until("record " + id + " at the syslog repository", Duration.ofSeconds(30),
                () -> syslog.messages().stream().filter(m -> id.equals(m.id())).findFirst(), Optional::isPresent)
                .orElseThrow().body();
    }

    /** The FHIR server's AuditEvent of the record with {@code id}, once shipped. */
    private static AuditEvent fhirEvent(String id) {
        return Poll.until("AuditEvent/" + id + " at the FHIR server", Duration.ofSeconds(30),
                () -> Optional.ofNullable(fhir.events().get(id)), Optional::isPresent).orElseThrow();
    }

    private static String atnaDetail(String type, String value) {
        return "type=\"" + type + "\" value=\"" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "\"";
    }

    private static Optional<String> fhirDetail(AuditEvent event, String type) {
        return event.getEntity().stream().flatMap(e -> e.getDetail().stream()).filter(d -> type.equals(d.getType()))
                .map(d -> d.getValue().primitiveValue()).findFirst();
    }

    @Test
    void aNarrowedConsentIsOneRecordOfWhatWasGrantedAndRefusedForWhichPatientAndApp() {
        Pkce pkce = Pkce.s256();
        Map<String, String> redirect = answerConsent(NARROWING, List.of("patient/Observation.rs", "patient/Patient.read"), true, pkce);
        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        String patient = patientOf(NARROWING);

        List<Map<String, Object>> records = consentRecords(patient);
        assertEquals(1, records.size(), "one consent record for the sign-in: " + records);
        Map<String, Object> consent = records.get(0);
        assertEquals("110113", ((Map<?, ?>) consent.get("type")).get("code"));
        assertEquals("E", consent.get("action"));
        assertEquals("0", consent.get("outcome"));
        Map<String, String> details = details(consent);
        assertEquals("GRANT_CONSENT", details.get("keycloak-event"));
        assertEquals("openid launch/patient patient/Observation.rs patient/Patient.read", details.get("granted-scope"), details.toString());
        assertEquals("patient/Condition.rs", details.get("refused-scope"), details.toString());
        String agents = String.valueOf(consent.get("agent"));
        assertTrue(agents.contains("value=" + APP), "the app is an agent: " + agents);
        assertTrue(agents.contains("display=" + NARROWING), "the person is an agent: " + agents);
        assertTrue(String.valueOf(consent.get("entity")).contains("reference=Patient/" + patient), consent.toString());
        String everything = consent.toString();
        assertFalse(everything.contains(redirect.get("code")) || everything.contains(pkce.verifier())
                || everything.contains(token.jsonPath().getString("access_token")), "no code, verifier or token: " + everything);

        JsonNode line = fileRecord("GRANT_CONSENT", patient);
        assertEquals(APP, line.get("clientId").asText());
        assertEquals("[\"patient/Condition.rs\"]", line.get("refusedScopes").toString());
        assertEquals("[\"openid\",\"launch/patient\",\"patient/Observation.rs\",\"patient/Patient.read\"]", line.get("scopes").toString());

        String id = String.valueOf(consent.get("id"));
        String atna = syslogBody(id);
        assertTrue(atna.contains("csd-code=\"AuthZ-Consent\""), atna);
        assertTrue(atna.contains(atnaDetail("refused_scope", "patient/Condition.rs")), atna);
        AuditEvent shipped = fhirEvent(id);
        assertEquals(Optional.of("patient/Condition.rs"), fhirDetail(shipped, "refused-scope"));
    }

    @Test
    void denyingTheAppIsARefusalRecordNamingEveryPermissionItAskedFor() {
        Map<String, String> redirect = answerConsent(DENYING, null, false, Pkce.s256());
        assertEquals("access_denied", redirect.get("error"));
        String patient = patientOf(DENYING);

        List<Map<String, Object>> records = consentRecords(patient);
        assertEquals(1, records.size(), "one consent record for the refusal: " + records);
        Map<String, Object> refusal = records.get(0);
        assertEquals("4", refusal.get("outcome"), "a refusal is a failure outcome (BALP: failure when deny)");
        assertTrue(String.valueOf(refusal.get("outcomeDesc")).startsWith("consent_denied"), refusal.toString());
        Map<String, String> details = details(refusal);
        assertEquals("GRANT_CONSENT_ERROR", details.get("keycloak-event"));
        assertEquals("patient/Observation.rs patient/Condition.rs patient/Patient.read", details.get("refused-scope"), details.toString());
        assertNull(details.get("granted-scope"), "nothing granted: " + details);
        assertTrue(String.valueOf(refusal.get("agent")).contains("value=" + APP), refusal.toString());

        JsonNode line = fileRecord("GRANT_CONSENT_ERROR", patient);
        assertEquals(4, line.get("outcome").asInt());
        assertEquals(3, line.get("refusedScopes").size(), line.toString());
    }

    /** RFC 7009 revocation of the grant's refresh token is Keycloak's REVOKE_GRANT: a consent record, action D. */
    @Test
    void revokingTheGrantIsAConsentRecordToo() {
        Pkce pkce = Pkce.s256();
        Map<String, String> redirect = answerConsent(REVOKING, null, true, pkce);
        Response token = app.exchange(redirect.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        Response revoked = app.token().formParam("token", token.jsonPath().getString("refresh_token"))
                .formParam("token_type_hint", "refresh_token").post(realmUrl + "/protocol/openid-connect/revoke");
        assertEquals(200, revoked.statusCode(), revoked.asString());

        JsonNode line = Poll.until("the REVOKE_GRANT record in the audit file", Duration.ofSeconds(30),
                () -> AuditFiles.lines(auditDir).stream().map(l -> l.get("record"))
                        .filter(r -> "REVOKE_GRANT".equals(r.path("eventType").asText()) && APP.equals(r.path("clientId").asText()))
                        .findFirst(), Optional::isPresent).orElseThrow();
        assertEquals("AuthZ-Consent", line.get("subtypes").get(0).get("code").asText(), line.toString());
        assertEquals("D", line.get("action").asText());
        assertEquals(0, line.get("outcome").asInt());
        assertEquals(APP, line.path("revokedClient").asText(), "the app whose grant was revoked: " + line);
    }
}
