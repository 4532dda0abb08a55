package org.smartfhir.keycloak.it.scopes;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.RealmFixtures;

/**
 * An app driving Keycloak's client registration endpoints (RFC 7591/7592 style, {@code /clients-registrations/default}
 * with an initial or registration access token) can neither give itself a SMART scope ceiling nor change or remove
 * the one an administrator set, and an update that leaves the ceiling out still meets the SMART registration rules.
 */
@KeycloakTest
class RegistrationCeilingIT {

    private static final String CEILING = "smart.scope.ceiling";

    private static KeycloakAdmin admin;
    private static String registration;

    @BeforeAll
    static void endpoints(KeycloakRuntime keycloak, KeycloakAdmin keycloakAdmin) {
        admin = keycloakAdmin;
        registration = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM + "/clients-registrations/default";
    }

    /** An initial access token, as an admin hands one to an app vendor. */
    private static String initialAccessToken() {
        var created = admin.post("/realms/" + RealmFixtures.REALM + "/clients-initial-access", Map.of("expiration", 600, "count", 1));
        assertEquals(201, created.statusCode(), created.body());
        return io.restassured.path.json.JsonPath.from(created.body()).getString("token");
    }

    private static Response register(Map<String, Object> client) {
        return given().auth().oauth2(initialAccessToken()).contentType("application/json").body(client).post(registration);
    }

    private static Response update(String clientId, String registrationAccessToken, Map<String, Object> client) {
        return given().auth().oauth2(registrationAccessToken).contentType("application/json").body(client)
                .put(registration + "/" + clientId);
    }

    /**
     * Keycloak 26.7.3's registration endpoints answer a client policy's refusal with 403 {@code insufficient_scope}
     * and the policy's error code as the description (RFC 7591 §3.2.2 would be a 400 {@code invalid_client_metadata});
     * the reason is in Keycloak's {@code CLIENT_REGISTER_ERROR} / {@code CLIENT_UPDATE_ERROR} event.
     */
    private static void assertRefused(Response answer, String error) {
        assertEquals(403, answer.statusCode(), answer.asString());
        assertEquals(error, answer.jsonPath().getString("error_description"), answer.asString());
    }

    /** The client as a registration client holds it: its full representation, with {@code change} applied. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> stored(String clientId, java.util.function.Consumer<Map<String, Object>> change) {
        Map<String, Object> client = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(
                admin.get("/realms/" + RealmFixtures.REALM + "/clients?clientId=" + clientId).get(0), Map.class);
        client.put("attributes", new HashMap<>((Map<String, Object>) client.getOrDefault("attributes", Map.of())));
        change.accept(client);
        return client;
    }

    @SuppressWarnings("unchecked")
    private static void setAttribute(Map<String, Object> client, String name, String value) {
        ((Map<String, Object>) client.get("attributes")).put(name, value);
    }

    private static String storedCeiling(String clientId) {
        var attributes = admin.get("/realms/" + RealmFixtures.REALM + "/clients?clientId=" + clientId).get(0).get("attributes");
        return attributes == null || attributes.get(CEILING) == null ? null : attributes.get(CEILING).asText();
    }

    @Test
    void anAppCannotRegisterWithACeilingOfItsOwnChoosing() {
        Response answer = register(Map.of("clientId", "dcr-self-ceiling", "serviceAccountsEnabled", true,
                "redirectUris", List.of("https://dcr.example.org/callback"),
                "attributes", Map.of(CEILING, "system/*.cruds")));
        assertRefused(answer, "invalid_client_metadata");
        assertTrue(admin.get("/realms/" + RealmFixtures.REALM + "/clients?clientId=dcr-self-ceiling").isEmpty(),
                "no client was created");
    }

    @Test
    void aRegisteredAppCannotAddACeilingLater() {
        Response registered = register(Map.of("clientId", "dcr-later-ceiling",
                "redirectUris", List.of("https://dcr.example.org/callback")));
        assertEquals(201, registered.statusCode(), registered.asString());
        String token = registered.jsonPath().getString("registrationAccessToken");
        assertRefused(update("dcr-later-ceiling", token,
                stored("dcr-later-ceiling", client -> setAttribute(client, CEILING, "user/*.cruds"))), "invalid_client_metadata");
        assertNull(storedCeiling("dcr-later-ceiling"));
    }

    @Test
    void anAdministratorsCeilingCannotBeChangedOrRemovedNorItsRulesSkipped() {
        new RealmFixtures(admin).smartPublicClient("dcr-admin-ceiling", "https://dcr.example.org/callback", "patient/*.rs",
                List.of());
        String id = admin.get("/realms/" + RealmFixtures.REALM + "/clients?clientId=dcr-admin-ceiling").get(0).get("id").asText();
        var issued = admin.post("/realms/" + RealmFixtures.REALM + "/clients/" + id + "/registration-access-token", Map.of());
        assertEquals(200, issued.statusCode(), issued.body());
        String token = io.restassured.path.json.JsonPath.from(issued.body()).getString("registrationAccessToken");

        assertRefused(update("dcr-admin-ceiling", token, stored("dcr-admin-ceiling",
                client -> setAttribute(client, CEILING, "patient/*.cruds user/*.cruds"))), "invalid_client_metadata");
        assertRefused(update("dcr-admin-ceiling", token, stored("dcr-admin-ceiling",
                client -> setAttribute(client, CEILING, null))), "invalid_client_metadata");
        Response insecure = update("dcr-admin-ceiling", token, stored("dcr-admin-ceiling", client -> {
            ((Map<?, ?>) client.get("attributes")).remove(CEILING);
            client.put("redirectUris", List.of("http://evil.example.org/callback"));
        }));
        // Before the condition judged an update without the ceiling by the stored one, this was 200.
        assertRefused(insecure, "invalid_request");
        assertEquals("patient/*.rs", storedCeiling("dcr-admin-ceiling"));
        assertEquals(List.of("https://dcr.example.org/callback"), redirectUris("dcr-admin-ceiling"));
    }

    private static List<String> redirectUris(String clientId) {
        List<String> uris = new java.util.ArrayList<>();
        admin.get("/realms/" + RealmFixtures.REALM + "/clients?clientId=" + clientId).get(0).get("redirectUris")
                .forEach(uri -> uris.add(uri.asText()));
        return uris;
    }
}
