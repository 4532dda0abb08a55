package org.smartfhir.keycloak.it.discovery;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;

/** Requirements A1–A5: the SMART discovery document of the imported realm, served by a real Keycloak. */
@KeycloakTest
class SmartConfigurationIT {

    private static String base;
    private static String issuer;
    private static KeycloakAdmin admin;

    @BeforeAll
    static void server(KeycloakRuntime keycloak, KeycloakAdmin keycloakAdmin) {
        base = keycloak.baseUrl();
        issuer = base + "/realms/smart";
        admin = keycloakAdmin;
    }

    @AfterEach
    void restoreWithheld() {
        setWithheld("");
    }

    private static JsonPath document() {
        return given().accept("application/json").get(issuer + "/.well-known/smart-configuration")
                .then().statusCode(200).contentType(startsWith("application/json")).extract().jsonPath();
    }

    @Test
    void endpointsAreAbsoluteAndBelongToTheRealm() {
        JsonPath doc = document();
        assertEquals(issuer, doc.getString("issuer"));
        assertEquals(issuer + "/protocol/openid-connect/auth", doc.getString("authorization_endpoint"));
        assertEquals(issuer + "/protocol/openid-connect/token", doc.getString("token_endpoint"));
        assertEquals(issuer + "/protocol/openid-connect/certs", doc.getString("jwks_uri"));
        assertEquals(issuer + "/smart-introspect", doc.getString("introspection_endpoint"), "the endpoint that accepts bearer tokens");
        assertEquals(issuer + "/protocol/openid-connect/revoke", doc.getString("revocation_endpoint"));
        assertEquals(issuer + "/account/applications", doc.getString("management_endpoint"));
    }

    @Test
    void advertisedEndpointsAnswer() {
        JsonPath doc = document();
        given().get(doc.getString("jwks_uri")).then().statusCode(200).body("keys.kty", org.hamcrest.Matchers.hasItem("RSA"));
        // An empty token request is a well-formed OAuth error, which proves the endpoint is real.
        given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "authorization_code")
                .post(doc.getString("token_endpoint"))
                .then().statusCode(org.hamcrest.Matchers.oneOf(400, 401)).body("error", org.hamcrest.Matchers.notNullValue());
        given().get(doc.getString("management_endpoint")).then().statusCode(200);
    }

    @Test
    void pkceIsS256OnlyAndPlainIsNeverAdvertised() {
        JsonPath doc = document();
        assertEquals(List.of("S256"), doc.getList("code_challenge_methods_supported"));
        // Keycloak's own OIDC metadata does list plain: the SMART document must not inherit it.
        List<String> oidc = given().get(issuer + "/.well-known/openid-configuration").jsonPath()
                .getList("code_challenge_methods_supported");
        assertTrue(oidc.contains("plain"), "stock Keycloak advertises plain; if this changes, the narrowing is moot");
    }

    @Test
    void grantTypesResponseTypesAndClientAuthentication() {
        JsonPath doc = document();
        assertEquals(List.of("authorization_code", "client_credentials", "refresh_token"), doc.getList("grant_types_supported"));
        assertEquals(List.of("code"), doc.getList("response_types_supported"));
        assertEquals(List.of("private_key_jwt", "client_secret_basic", "client_secret_post"),
                doc.getList("token_endpoint_auth_methods_supported"));
        List<String> algs = doc.getList("token_endpoint_auth_signing_alg_values_supported");
        assertTrue(algs.contains("RS384") && algs.contains("ES384"), algs.toString());
        assertFalse(algs.stream().anyMatch(a -> a.startsWith("HS")), "symmetric algorithms are not for private_key_jwt: " + algs);
    }

    @Test
    void scopesSupportedListsSmartsScopesNotKeycloaksOwn() {
        List<String> supported = document().getList("scopes_supported");
        assertTrue(supported.containsAll(List.of("openid", "fhirUser", "launch", "launch/patient", "launch/encounter",
                "offline_access", "online_access")), supported.toString());
        List<String> oidc = given().get(issuer + "/.well-known/openid-configuration").jsonPath().getList("scopes_supported");
        assertTrue(oidc.contains("profile") && oidc.contains("email"), "Keycloak's own metadata: " + oidc);
        assertFalse(supported.contains("profile") || supported.contains("email") || supported.contains("roles"), supported.toString());
    }

    @Test
    void capabilitiesAreExactlyWhatWorksToday() {
        // Later features add theirs when they land; nothing is advertised ahead of its implementation.
        assertEquals(List.of("launch-ehr", "launch-standalone", "authorize-post", "client-public",
                "client-confidential-symmetric", "client-confidential-asymmetric", "sso-openid-connect", "context-banner", "context-style",
                "context-ehr-patient", "context-ehr-encounter", "context-standalone-patient", "context-standalone-encounter",
                "permission-offline", "permission-online", "permission-patient", "permission-user", "permission-v1", "permission-v2"),
                document().getList("capabilities"));
    }

    @Test
    void launchCapabilitiesFollowTheFlowStepsThatImplementThem() {
        String executions = "/realms/smart/authentication/flows/smart%20browser/executions";
        com.fasterxml.jackson.databind.node.ObjectNode picker = null;
        for (var execution : admin.get(executions)) {
            if ("smart-patient-picker".equals(execution.path("providerId").asText())) {
                picker = (com.fasterxml.jackson.databind.node.ObjectNode) execution;
            }
        }
        assertTrue(picker != null, "the template wires the picker");
        try {
            picker.put("requirement", "DISABLED");
            assertEquals(204, admin.put(executions, picker.toString()));
            List<String> capabilities = document().getList("capabilities");
            for (String gone : List.of("launch-standalone", "context-standalone-patient", "context-standalone-encounter",
                    "permission-patient")) {
                assertFalse(capabilities.contains(gone), gone + " without the picker: " + capabilities);
            }
            assertTrue(capabilities.contains("launch-ehr"), "EHR launch does not depend on the picker");
        } finally {
            picker.put("requirement", "REQUIRED");
            assertEquals(204, admin.put(executions, picker.toString()));
        }
        assertTrue(document().getList("capabilities").contains("launch-standalone"));
    }

    @Test
    void adminCanWithholdACapabilityThroughTheRealmAttribute() {
        setWithheld("client-public launch-ehr");
        List<String> capabilities = document().getList("capabilities");
        assertFalse(capabilities.contains("client-public"), capabilities.toString());
        assertFalse(capabilities.contains("launch-ehr"), capabilities.toString());
        assertTrue(capabilities.containsAll(List.of("launch-standalone", "authorize-post", "permission-v2")), capabilities.toString());
    }

    @Test
    void scopeCapabilitiesFollowTheClientPolicyThatImplementsThem() {
        com.fasterxml.jackson.databind.node.ObjectNode policies =
                (com.fasterxml.jackson.databind.node.ObjectNode) admin.get("/realms/smart/client-policies/policies");
        String original = policies.toString();
        for (var policy : policies.get("policies")) {
            if (policy.get("name").asText().equals("smart-clients")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) policy).put("enabled", false);
            }
        }
        try {
            assertEquals(204, admin.put("/realms/smart/client-policies/policies", policies.toString()));
            List<String> capabilities = document().getList("capabilities");
            assertFalse(capabilities.contains("permission-v2"), "the lazy-scope executor is off: " + capabilities);
            assertFalse(capabilities.contains("permission-v1"));
            assertFalse(capabilities.contains("sso-openid-connect"), "fhirUser is provided by the same executor");
            assertFalse(capabilities.contains("permission-online"), "refresh rules are executors of the same policy");
            assertFalse(capabilities.contains("permission-offline"));
            assertTrue(capabilities.contains("client-public"));
        } finally {
            assertEquals(204, admin.put("/realms/smart/client-policies/policies", original));
        }
        assertTrue(document().getList("capabilities").contains("permission-v2"));
    }

    @ParameterizedTest(name = "Accept: {0}")
    @ValueSource(strings = {"application/json", "*/*", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", ""})
    void answersJsonWhateverTheAcceptHeader(String accept) {
        var request = given();
        if (!accept.isEmpty()) {
            request.header("Accept", accept);
        }
        Response response = request.get(issuer + "/.well-known/smart-configuration");
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        assertEquals(issuer, response.jsonPath().getString("issuer"));
    }

    @Test
    void corsAllowsAnyOrigin() {
        given().header("Origin", "https://app.example.org").get(issuer + "/.well-known/smart-configuration")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.oneOf("*", "https://app.example.org"));
    }

    @Test
    void unknownRealmIsA404JsonErrorNotAServerError() {
        Response response = given().accept("application/json").get(base + "/realms/no-such-realm/.well-known/smart-configuration");
        assertEquals(404, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        Map<String, Object> body = response.jsonPath().getMap("");
        assertTrue(body.containsKey("error"), body.toString());
        assertFalse(response.asString().contains("Exception"), "no stack trace to the client: " + response.asString());
    }

    @Test
    void openIdDiscoveryIsUntouched() {
        given().get(issuer + "/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo(issuer))
                .body("authorization_endpoint", containsString("/protocol/openid-connect/auth"));
    }

    private static void setWithheld(String value) {
        admin.setRealmAttribute("smart", "smart.capabilities.withheld", value);
    }
}
