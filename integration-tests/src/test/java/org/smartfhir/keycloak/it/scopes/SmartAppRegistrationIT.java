package org.smartfhir.keycloak.it.scopes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserlessLogin;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.ReadmeJson;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * A SMART app registered through the admin API exactly as the README's "Registering a SMART app" shows (the JSON is
 * read from the README) gets only what it requested: Keycloak's realm default scopes ({@code profile email roles
 * web-origins}) put no name, e-mail or role into its tokens, the consent page lists every scope the grant carries, and
 * a backend service registered the same way gets only its {@code system/} scope.
 */
@KeycloakTest
class SmartAppRegistrationIT {

    private static final String REQUEST = "openid fhirUser launch/patient patient/Patient.rs patient/Observation.rs offline_access";
    private static final List<String> PERSONAL_CLAIMS = List.of("email", "email_verified", "name", "given_name",
            "family_name", "preferred_username", "realm_access", "resource_access", "allowed-origins");
    private static final String USER = "registration-patient";
    private static final String PASSWORD = "registration-Password-1234";

    private static KeycloakAdmin admin;
    private static RealmFixtures fixtures;
    private static SmartApp app;
    private static String issuer;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin keycloakAdmin) throws IOException {
        admin = keycloakAdmin;
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        fixtures = new RealmFixtures(admin);
        Map<?, ?> readme = ReadmeJson.block("smart-public-app");
        var created = admin.post("/realms/" + RealmFixtures.REALM + "/clients", readme);
        assertEquals(201, created.statusCode(), created.body());
        app = new SmartApp(issuer, (String) readme.get("clientId"), null, ((List<?>) readme.get("redirectUris")).get(0).toString());
        assertEquals(201, fixtures.createUser(USER, PASSWORD, Map.of("fhirUser", List.of("Patient/registration-pat-1")))
                .statusCode());
        fixtures.grantRealmRoles(USER, "smart-patient");
        fixtures.linkPatients(USER, "registration-pat-1");
    }

    private static Set<String> scopes(String value) {
        return new TreeSet<>(Arrays.asList(value.trim().split(" +")));
    }

    private record Grant(Response consentPage, Response token) {
    }

    private static Grant launch(String scope) {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Pkce pkce = Pkce.s256();
        Response page = browser.submitLogin(browser.authorize(app.authorizeParams(scope, pkce, "r1")), USER, PASSWORD);
        assertTrue(BrowserlessLogin.isConsentPage(page), "the consent page follows the sign-in: " + page.asString());
        Response redirect = browser.submitConsent(page, null, true);
        assertEquals(302, redirect.statusCode(), redirect.asString());
        Map<String, String> query = BrowserlessLogin.query(redirect.getHeader("Location"));
        assertTrue(query.containsKey("code"), query.toString());
        Response token = app.exchange(query.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        return new Grant(page, token);
    }

    private static void assertNoPersonalClaims(String jwt, String which) {
        Map<String, Object> claims = Jwt.claims(jwt);
        for (String claim : PERSONAL_CLAIMS) {
            assertFalse(claims.containsKey(claim), which + " carries " + claim + ", which the app never requested: " + claims);
        }
    }

    @Test
    void theAppGetsExactlyWhatItRequestedAndTheConsentPageListsAllOfIt() {
        Grant grant = launch(REQUEST);
        Response token = grant.token();
        assertEquals(scopes(REQUEST), scopes(token.jsonPath().getString("scope")), token.asString());
        String idToken = token.jsonPath().getString("id_token");
        assertNoPersonalClaims(idToken, "the id token");
        assertNoPersonalClaims(token.jsonPath().getString("access_token"), "the access token");
        Map<String, Object> id = Jwt.claims(idToken);
        assertTrue(id.get("sub") instanceof String, "the id token still names its subject: " + id);
        assertEquals("Patient/registration-pat-1", id.get("fhirUser"));
        assertEquals("registration-pat-1", token.jsonPath().getString("patient"));

        String html = grant.consentPage().asString();
        for (String granted : scopes(token.jsonPath().getString("scope"))) {
            assertTrue(html.contains("<code>" + granted + "</code>"),
                    "the consent page lists " + granted + ", which the grant carries: " + html);
        }

        Response refreshed = app.refresh(token.jsonPath().getString("refresh_token"), null);
        assertEquals(200, refreshed.statusCode(), refreshed.asString());
        assertEquals(scopes(REQUEST), scopes(refreshed.jsonPath().getString("scope")));
        assertNoPersonalClaims(refreshed.jsonPath().getString("access_token"), "the refreshed access token");

        Response userinfo = io.restassured.RestAssured.given().auth().oauth2(token.jsonPath().getString("access_token"))
                .get(issuer + "/protocol/openid-connect/userinfo");
        assertEquals(200, userinfo.statusCode(), userinfo.asString());
        for (String claim : PERSONAL_CLAIMS) {
            assertFalse(userinfo.jsonPath().getMap("").containsKey(claim), "userinfo carries " + claim + ": " + userinfo.asString());
        }
    }

    @Test
    void keycloaksDefaultScopesBecameOptionalSoAnAppThatAsksForProfileGetsItListed() {
        launch(REQUEST);
        String clientId = app.authorizeParams("openid", Pkce.s256(), "x").get("client_id");
        assertEquals(Set.of("basic", "acr"), names(clientId, "default-client-scopes"),
                "only the sign-in's own scopes stay default");
        assertTrue(names(clientId, "optional-client-scopes").containsAll(Set.of("profile", "email", "roles", "web-origins")));

        Grant grant = launch("openid profile launch/patient patient/Patient.rs");
        assertTrue(scopes(grant.token().jsonPath().getString("scope")).contains("profile"));
        assertTrue(grant.consentPage().asString().contains("<code>profile</code>"), "asked for, and so listed");
        assertEquals("Test", Jwt.claims(grant.token().jsonPath().getString("id_token")).get("given_name"));
    }

    @Test
    void aBackendServiceRegisteredTheSameWayGetsOnlyItsSystemScope() {
        String secret = "registration-backend-" + System.nanoTime();
        var created = admin.post("/realms/" + RealmFixtures.REALM + "/clients", Map.of(
                "clientId", "registration-backend", "publicClient", false, "clientAuthenticatorType", "client-secret",
                "secret", secret, "serviceAccountsEnabled", true, "standardFlowEnabled", false,
                "attributes", Map.of("smart.scope.ceiling", "system/*.rs")));
        assertEquals(201, created.statusCode(), created.body());
        Response token = new SmartApp(issuer, "registration-backend", secret, null).clientCredentials("system/Patient.rs");
        assertEquals(200, token.statusCode(), token.asString());
        assertEquals(Set.of("system/Patient.rs"), scopes(token.jsonPath().getString("scope")));
        assertNoPersonalClaims(token.jsonPath().getString("access_token"), "the backend token");
    }

    @Test
    void discoveryListsSmartScopesAndTheCeilingsNotKeycloaks() {
        List<String> supported = io.restassured.RestAssured.given().get(issuer + "/.well-known/smart-configuration")
                .jsonPath().getList("scopes_supported");
        assertTrue(supported.containsAll(List.of("openid", "fhirUser", "launch", "launch/patient", "launch/encounter",
                "offline_access", "online_access", "patient/*.rs")), String.valueOf(supported));
        for (String keycloaks : List.of("profile", "email", "roles", "web-origins", "acr", "basic", "address", "phone")) {
            assertFalse(supported.contains(keycloaks), keycloaks + " is not a SMART scope: " + supported);
        }
    }

    private static Set<String> names(String clientId, String kind) {
        String id = admin.get("/realms/" + RealmFixtures.REALM + "/clients?clientId=" + clientId).get(0).get("id").asText();
        Set<String> names = new TreeSet<>();
        admin.get("/realms/" + RealmFixtures.REALM + "/clients/" + id + "/" + kind).forEach(s -> names.add(s.get("name").asText()));
        return names;
    }
}
