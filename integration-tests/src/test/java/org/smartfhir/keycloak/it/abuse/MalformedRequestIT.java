package org.smartfhir.keycloak.it.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.ClientAssertions;
import org.smartfhir.keycloak.it.support.EhrLauncher;
import org.smartfhir.keycloak.it.support.RawHttp;
import org.smartfhir.keycloak.it.support.RealmFixtures;

/**
 * Requests no client library would send, at the pack's own endpoints: each is a 4xx with an RFC 6749 §5.2 body
 * ({@code error}, an ASCII {@code error_description} within §5.2's character set, never the input echoed), and
 * nothing of the request's tokens reaches the server log.
 */
@KeycloakTest
class MalformedRequestIT {

    private static final String SECRET = "malformed-secret-" + System.nanoTime();
    private static final String EHR = "malformed-ehr";
    private static final String RESOURCE_SERVER = "malformed-fhir-server";
    private static final String READER = "malformed-audit-reader";
    private static final String BACKEND = "malformed-backend";
    private static final String FORM = "application/x-www-form-urlencoded";

    private static KeycloakRuntime server;
    private static String realmUrl;
    private static EhrLauncher ehr;
    private static EhrLauncher resourceServer;
    private static EhrLauncher reader;
    private static ClientAssertions backend;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        server = keycloak;
        realmUrl = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        RealmFixtures fixtures = new RealmFixtures(admin);
        fixtures.serviceClient(EHR, SECRET, "smart-ehr-launcher");
        fixtures.serviceClient(RESOURCE_SERVER, SECRET, "smart-introspector");
        fixtures.serviceClient(READER, SECRET, "smart-audit-reader");
        ehr = new EhrLauncher(realmUrl, EHR, SECRET);
        resourceServer = new EhrLauncher(realmUrl, RESOURCE_SERVER, SECRET);
        reader = new EhrLauncher(realmUrl, READER, SECRET);
        backend = new ClientAssertions(BACKEND, realmUrl + "/protocol/openid-connect/token");
        fixtures.backendJwtClient(BACKEND, backend.publicJwks(), "system/*.rs");
    }

    /** Issue 27: a malformed Content-Type was a 500 from the framework before the resource ran, even without a token. */
    @ParameterizedTest
    @ValueSource(strings = {"garbage", "application/", ";;;", "/", "multipart/form-data; boundary=x", "application/json; charset=\""})
    void aMalformedContentTypeAtTheLaunchApiIsA4xx(String contentType) {
        for (String token : new String[] {null, ehr.accessToken()}) {
            HttpResponse<String> answer = RawHttp.post(realmUrl + "/smart-launch", headers(contentType, token), "{\"client_id\":\"x\"}");
            assertOAuthError(answer, contentType + (token == null ? " without a token" : " with a token"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "application/", ";;;", "/", "multipart/form-data; boundary=x"})
    void aMalformedContentTypeAtIntrospectionIsA4xx(String contentType) {
        HttpResponse<String> answer = RawHttp.post(realmUrl + "/smart-introspect",
                headers(contentType, resourceServer.accessToken()), "token=abc");
        assertOAuthError(answer, contentType);
    }

    /**
     * An undecodable or unbounded form was a 500, and Keycloak logged the whole body — the access token being
     * introspected — in "Failed to decode URL".
     */
    @Test
    void anUndecodableFormAtIntrospectionIsA400AndTheTokenIsNotLogged() {
        String token = ehr.accessToken();
        String bearer = resourceServer.accessToken();
        Map<String, String> headers = headers(FORM, bearer);
        String secretMarker = token.substring(token.length() - 40);
        String[] bodies = {
            "token=%ZZ" + token,
            "token=" + token + "%",
            "token=" + token + "%E2%82",
            "token=" + token + "&" + "p=1&".repeat(2000),
            "token=" + token + "&x=" + "a".repeat(300_000),
        };
        for (String body : bodies) {
            HttpResponse<String> answer = RawHttp.post(realmUrl + "/smart-introspect", headers, body);
            assertOAuthError(answer, body.substring(0, 20));
            assertEquals("invalid_request", JsonPath.from(answer.body()).getString("error"), answer.body());
        }
        HttpResponse<String> multipart = RawHttp.post(realmUrl + "/smart-introspect",
                headers("multipart/form-data; boundary=b", bearer),
                "--b\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + token + "\r\n--b--\r\n");
        assertOAuthError(multipart, "multipart");
        assertFalse(server.logTail(100_000).contains(secretMarker), "the introspected token is in the server log");
    }

    /**
     * Found by RequestFuzzIT: a bearer token whose {@code alg} Keycloak does not know made its bearer check throw a
     * NullPointerException (500) at every pack endpoint taking a bearer token; RFC 6750 §3 wants 401 invalid_token.
     */
    @ParameterizedTest
    @ValueSource(strings = {"eyJhbGciOiJIUzI1NiIsImtpZCI6IngifQ.eyJleHAiOjF9.c2ln", "eyJhbGciOiJub25lIn0.e30.", "bnVsbA.e30.c2ln",
        "eyJhbGciOiJGT08ifQ.e30.c2ln"})
    void aBearerTokenWithAnUnknownAlgorithmIsInvalidToken(String bearer) {
        for (String[] call : new String[][] {{"POST", "/smart-launch", "application/json", "{}"},
            {"POST", "/smart-introspect", FORM, "token=x"}, {"GET", "/smart-audit/AuditEvent", null, null}}) {
            HttpResponse<String> answer = RawHttp.send(call[0], realmUrl + call[1], headers(call[2], bearer),
                    call[3] == null ? null : call[3].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(401, answer.statusCode(), call[1] + ": " + answer.body());
            assertEquals("invalid_token", JsonPath.from(answer.body()).getString("error"), call[1]);
            assertTrue(answer.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), call[1]);
        }
    }

    /** RFC 7662 §2.2: a token that is not a token is inactive, whatever its JOSE header holds. */
    @ParameterizedTest
    @ValueSource(strings = {"bnVsbA.e30.c2ln", "bnVsbA.bnVsbA.", "WzFd.e30.c2ln", "e30.bnVsbA.c2ln", "IiI.IiI.IiI", "..", "."})
    void aTokenWithANullOrNonObjectHeaderIsInactive(String token) {
        Response answer = io.restassured.RestAssured.given().auth().oauth2(resourceServer.accessToken()).contentType(FORM)
                .formParam("token", token).post(realmUrl + "/smart-introspect");
        assertEquals(200, answer.statusCode(), token + ": " + answer.asString());
        assertEquals(Map.of("active", false), answer.jsonPath().getMap(""), token);
    }

    /** RFC 7515 §4.1.11: a critical header the server does not understand makes the JWS invalid. */
    @Test
    void aClientAssertionWithCritOrUnencodedPayloadIsInvalidClient() {
        String kid = backend.rsa().getKeyID();
        assertInvalidClient(backend.token(backend.signRaw(
                "{\"alg\":\"RS384\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\",\"crit\":[\"urn:example:x\"],\"urn:example:x\":1}",
                claims(UUID.randomUUID().toString())), "system/Patient.rs"), "crit");
        assertInvalidClient(backend.token(backend.signRaw(
                "{\"alg\":\"RS384\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\",\"b64\":false,\"crit\":[\"b64\"]}",
                claims(UUID.randomUUID().toString())), "system/Patient.rs"), "b64:false");
        assertInvalidClient(backend.token(backend.signRaw("{\"alg\":\"RS384\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\",\"b64\":false}",
                claims(UUID.randomUUID().toString())), "system/Patient.rs"), "b64:false without crit");
        // The control: the same header without crit is accepted, so the refusals above are crit's doing.
        Response accepted = backend.token(backend.signRaw("{\"alg\":\"RS384\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}",
                claims(UUID.randomUUID().toString())), "system/Patient.rs");
        assertEquals(200, accepted.statusCode(), accepted.asString());
    }

    @Test
    void aClientAssertionWithAnEmptyJtiIsInvalidClient() {
        String assertion = backend.signRaw("{\"alg\":\"RS384\",\"kid\":\"" + backend.rsa().getKeyID() + "\",\"typ\":\"JWT\"}", claims(""));
        assertInvalidClient(backend.token(assertion, "system/Patient.rs"), "jti \"\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[]", "\"x\"", "1", "{\"alg\":null}", "{\"alg\":\"RS384\",\"kid\":null}"})
    void aClientAssertionWhoseHeaderIsNotAHeaderIsInvalidClientWithACleanReason(String header) {
        Response answer = backend.token(backend.signRaw(header, claims(UUID.randomUUID().toString())), "system/Patient.rs");
        assertInvalidClient(answer, header);
        String description = answer.jsonPath().getString("error_description");
        assertFalse(description.contains("Exception") || description.contains("Cannot invoke") || description.contains("\"this."),
                header + ": Java exception text in " + description);
    }

    /** A kid is logged by Keycloak's key lookup: CR/LF in it must not start a line of its own in the server log. */
    @Test
    void aClientAssertionKidWithALineBreakDoesNotForgeALogLine() {
        String marker = "FORGED-" + UUID.randomUUID();
        for (String kid : new String[] {"x\\r\\n" + marker, "x\\n" + marker, "x\\u2028" + marker, "x\\u0085" + marker}) {
            Response answer = backend.token(backend.signRaw("{\"alg\":\"RS384\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}",
                    claims(UUID.randomUUID().toString())), "system/Patient.rs");
            assertInvalidClient(answer, kid);
        }
        assertFalse(server.logTail(100_000).lines().anyMatch(line -> line.startsWith(marker)),
                "a kid with a line break started its own line in the server log");
    }

    /** RFC 6749 §5.2: error_description is %x20-21 / %x23-5B / %x5D-7E, whatever the request held. */
    @Test
    void anEchoedAuditParameterStaysWithinTheErrorDescriptionCharacterSet() {
        HttpResponse<String> answer = RawHttp.send("GET", realmUrl + "/smart-audit/AuditEvent?a%22b%5Cc%C3%A9%0A=1",
                headers(null, reader.accessToken()), null);
        assertOAuthError(answer, "unknown parameter");
    }

    @Test
    void anUndecodableQueryAtTheAuditApiIsA400() {
        for (String query : new String[] {"date=%ZZ", "patient=%", "patient=%E2%82", "_count=" + "9".repeat(4000)}) {
            RawHttp.Answer answer = RawHttp.socket(server.baseUrl(), "GET", "/realms/" + RealmFixtures.REALM
                    + "/smart-audit/AuditEvent?" + query, headers(null, reader.accessToken()), null);
            assertTrue(answer.status() >= 400 && answer.status() < 500, query.substring(0, 8) + ": " + answer.status() + " " + answer.body());
            if (!answer.body().isEmpty()) { // Quarkus refuses some escapes itself with an empty 400 before any resource
                assertDescriptionCharset(JsonPath.from(answer.body()).getString("error_description"), query.substring(0, 8));
            }
        }
    }

    private static String claims(String jti) {
        long now = System.currentTimeMillis() / 1000;
        return "{\"iss\":\"" + BACKEND + "\",\"sub\":\"" + BACKEND + "\",\"aud\":\"" + realmUrl
                + "/protocol/openid-connect/token\",\"exp\":" + (now + 240) + ",\"jti\":\"" + jti + "\"}";
    }

    private static Map<String, String> headers(String contentType, String bearer) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (bearer != null) {
            headers.put("Authorization", "Bearer " + bearer);
        }
        return headers;
    }

    static void assertOAuthError(HttpResponse<String> answer, String name) {
        assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, name + ": " + answer.statusCode() + " " + answer.body());
        JsonPath body = JsonPath.from(answer.body());
        assertNotNull(body.getString("error"), name + ": " + answer.body());
        assertDescriptionCharset(body.getString("error_description"), name);
    }

    static void assertDescriptionCharset(String description, String name) {
        assertNotNull(description, name);
        assertTrue(description.chars().allMatch(c -> c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)),
                name + ": error_description outside RFC 6749's character set: " + description);
    }

    private static void assertInvalidClient(Response answer, String name) {
        assertTrue(answer.statusCode() == 400 || answer.statusCode() == 401, name + ": " + answer.statusCode() + " " + answer.asString());
        assertEquals("invalid_client", answer.jsonPath().getString("error"), name + ": " + answer.asString());
        assertDescriptionCharset(answer.jsonPath().getString("error_description"), name);
        assertFalse(answer.jsonPath().getMap("").containsKey("access_token"), name);
    }
}
