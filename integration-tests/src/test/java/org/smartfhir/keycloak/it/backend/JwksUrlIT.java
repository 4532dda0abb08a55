package org.smartfhir.keycloak.it.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.ClientAssertions;
import org.smartfhir.keycloak.it.support.JwksServer;
import org.smartfhir.keycloak.it.support.RealmFixtures;

/**
 * Backend services registered by JWKS URL (requirement H31), against a real key server on loopback: the client's
 * Cache-Control decides how long Keycloak may use a fetched key set, so a rotation takes effect at once with
 * {@code max-age=0}; a key server that is down, slow or wrong makes the assertion {@code invalid_client}, never a 500.
 * Stock Keycloak keeps a fetched key until an unknown kid shows up, so the retired-key cases below pass only with the
 * pack.
 */
@KeycloakTest
class JwksUrlIT {

    private static final String SCOPE = "system/Patient.rs";

    private static JwksServer keyServer;
    private static RealmFixtures fixtures;
    private static KeycloakAdmin admin;
    private static String tokenEndpoint;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin keycloakAdmin) {
        tokenEndpoint = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM + "/protocol/openid-connect/token";
        admin = keycloakAdmin;
        fixtures = new RealmFixtures(keycloakAdmin);
        keyServer = new JwksServer();
    }

    @AfterAll
    static void stop() {
        keyServer.close();
    }

    /** Registers a SMART backend whose JWKS URL is {@code url}. */
    private static void client(String clientId, String url) {
        fixtures.backendJwksUrlClient(clientId, url, "system/*.rs");
    }

    @Test
    void withMaxAgeZeroARotatedKeyWorksAndTheRetiredKeyFailsAtOnce() {
        String clientId = "jwks-rotating";
        ClientAssertions first = new ClientAssertions(clientId, tokenEndpoint, "-2026a");
        ClientAssertions second = new ClientAssertions(clientId, tokenEndpoint, "-2026b");
        keyServer.publish("/rotating", first.publicJwks(), "max-age=0");
        client(clientId, keyServer.url("/rotating"));

        assertIssued(first.token(first.rs384(c -> { }), SCOPE), "first key, RS384");

        keyServer.publish("/rotating", second.publicJwks(), "max-age=0");
        assertIssued(second.token(second.rs384(c -> { }), SCOPE), "rotated key, RS384");
        assertIssued(second.token(second.sign(second.header(JWSAlgorithm.ES384).build(), second.claims().build()), SCOPE),
                "rotated key, ES384");
        assertInvalidClient(first.token(first.rs384(c -> { }), SCOPE), "retired key");
        assertInvalidClient(first.token(first.sign(first.header(JWSAlgorithm.ES384).build(), first.claims().build()), SCOPE),
                "retired EC key");
    }

    /** A key replaced under the same kid: a cache keyed by kid alone would go on accepting the old key. */
    @Test
    void aKeyReplacedUnderTheSameKidStopsWorkingWithMaxAgeZero() {
        String clientId = "jwks-same-kid";
        ClientAssertions before = new ClientAssertions(clientId, tokenEndpoint, "-current");
        ClientAssertions after = new ClientAssertions(clientId, tokenEndpoint, "-current");
        keyServer.publish("/same-kid", before.publicJwks(), "no-cache");
        client(clientId, keyServer.url("/same-kid"));
        assertIssued(before.token(before.rs384(c -> { }), SCOPE), "before replacement");

        keyServer.publish("/same-kid", after.publicJwks(), "no-cache");
        assertIssued(after.token(after.rs384(c -> { }), SCOPE), "after replacement");
        assertInvalidClient(before.token(before.rs384(c -> { }), SCOPE), "replaced key, same kid");
    }

    @Test
    void aKeySetIsReusedForAsLongAsItsCacheControlAllows() {
        String clientId = "jwks-cached";
        ClientAssertions keys = new ClientAssertions(clientId, tokenEndpoint, "-cached");
        keyServer.publish("/cached", keys.publicJwks(), "public, max-age=600");
        client(clientId, keyServer.url("/cached"));
        assertIssued(keys.token(keys.rs384(c -> { }), SCOPE), "first use");
        assertIssued(keys.token(keys.rs384(c -> { }), SCOPE), "second use");
        assertEquals(1, keyServer.fetches("/cached"), "max-age=600: one fetch serves both assertions");
    }

    @Test
    void aJkuHeaderNamingTheRegisteredUrlIsAccepted() {
        String clientId = "jwks-jku";
        ClientAssertions keys = new ClientAssertions(clientId, tokenEndpoint, "-jku");
        keyServer.publish("/jku", keys.publicJwks(), "max-age=0");
        client(clientId, keyServer.url("/jku"));
        String assertion = keys.sign(keys.header(JWSAlgorithm.RS384).jwkURL(URI.create(keyServer.url("/jku"))).build(),
                keys.claims().build());
        assertIssued(keys.token(assertion, SCOPE), "jku = registered JWKS URL");
    }

    @Test
    void anUnreachableKeyServerIsInvalidClientAndAnEvent() throws Exception {
        String clientId = "jwks-unreachable";
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ClientAssertions keys = new ClientAssertions(clientId, tokenEndpoint, "-x");
        client(clientId, "http://127.0.0.1:" + closedPort + "/jwks");
        Response answer = keys.token(keys.rs384(c -> { }), SCOPE);
        assertInvalidClient(answer, "unreachable JWKS URL");
        assertTrue(answer.jsonPath().getString("error_description").contains("JWKS URL"), answer.asString());

        JsonNode events = admin.get("/realms/" + RealmFixtures.REALM + "/events?type=CLIENT_LOGIN_ERROR&client=" + clientId);
        assertTrue(events.size() >= 1, "the refusal is in the realm's event store: " + events);
        assertEquals("jwks_url_unavailable", events.get(0).path("details").path("reason").asText(), events.toString());
    }

    @Test
    void aKeyServerThatAnswersTooSlowlyIsCutOffWithInvalidClient() {
        String clientId = "jwks-slow";
        ClientAssertions keys = new ClientAssertions(clientId, tokenEndpoint, "-slow");
        client(clientId, keyServer.url("/slow"));
        Response answer = keys.token(keys.rs384(c -> { }), SCOPE);
        assertInvalidClient(answer, "slow JWKS URL");
        assertTrue(answer.jsonPath().getString("error_description").contains("could not be fetched"), answer.asString());
    }

    @Test
    void aMissingOrMalformedKeySetIsInvalidClient() {
        ClientAssertions missing = new ClientAssertions("jwks-missing", tokenEndpoint, "-m");
        client("jwks-missing", keyServer.url("/nothing-here"));
        Response notFound = missing.token(missing.rs384(c -> { }), SCOPE);
        assertInvalidClient(notFound, "404 JWKS URL");
        assertTrue(notFound.jsonPath().getString("error_description").contains("HTTP 404"), notFound.asString());

        ClientAssertions garbage = new ClientAssertions("jwks-garbage", tokenEndpoint, "-g");
        client("jwks-garbage", keyServer.url("/garbage"));
        Response notKeys = garbage.token(garbage.rs384(c -> { }), SCOPE);
        assertInvalidClient(notKeys, "not a JWK Set");
        assertTrue(notKeys.jsonPath().getString("error_description").contains("JSON Web Key Set"), notKeys.asString());
    }

    @Test
    void aPlainHttpKeyServerOffLoopbackIsRefusedWithoutBeingCalled() {
        ClientAssertions keys = new ClientAssertions("jwks-plain-http", tokenEndpoint, "-h");
        client("jwks-plain-http", "http://keys.example.org/jwks.json");
        Response answer = keys.token(keys.rs384(c -> { }), SCOPE);
        assertInvalidClient(answer, "http JWKS URL");
        assertTrue(answer.jsonPath().getString("error_description").contains("https"), answer.asString());
    }

    private static void assertIssued(Response answer, String what) {
        assertEquals(200, answer.statusCode(), what + ": " + answer.asString());
        assertTrue(answer.jsonPath().getString("scope").contains(SCOPE), what + ": " + answer.asString());
    }

    private static void assertInvalidClient(Response answer, String what) {
        assertTrue(answer.statusCode() == 400 || answer.statusCode() == 401, what + ": " + answer.statusCode() + " " + answer.asString());
        assertEquals("invalid_client", answer.jsonPath().getString("error"), what + ": " + answer.asString());
        assertFalse(answer.jsonPath().getMap("").containsKey("access_token"), what);
    }
}
