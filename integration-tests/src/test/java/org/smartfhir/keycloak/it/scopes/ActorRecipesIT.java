package org.smartfhir.keycloak.it.scopes;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserlessLogin;
import org.smartfhir.keycloak.it.support.ClientAssertions;
import org.smartfhir.keycloak.it.support.EhrLauncher;
import org.smartfhir.keycloak.it.support.JwksServer;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.ReadmeJson;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/**
 * Every actor of the README's "Every other actor, as pasteable JSON" registered exactly as the README shows (each block
 * is read from the README and sent to the admin API unchanged, except where the README says what the suite replaces),
 * then driven through its flow: a clinician and a patient whose passwords are temporary sign in to the confidential app,
 * the EHR back end mints a launch the app opens with, the resource server introspects the app's token, and both backend
 * services get their {@code system/} scopes.
 */
@KeycloakTest
class ActorRecipesIT {

    private static final String CLIENTS = "/realms/" + RealmFixtures.REALM + "/clients";
    private static final String USERS = "/realms/" + RealmFixtures.REALM + "/users";

    private static KeycloakAdmin admin;
    private static String issuer;
    private static Map<String, Map<String, Object>> recipes;
    /** Each recipe user's password: the README's temporary one until the first sign-in replaces it. */
    private static final Map<String, String> passwords = new HashMap<>();
    private static SmartApp app;
    private static JwksServer keyServer;

    @BeforeAll
    static void registerTheRecipes(KeycloakRuntime keycloak, KeycloakAdmin keycloakAdmin) throws IOException {
        admin = keycloakAdmin;
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        recipes = ReadmeJson.family("smart-recipe");
        assertEquals(Set.of("confidential-app", "backend-inline-jwks", "backend-jwks-url", "ehr-backend", "resource-server",
                "clinician", "patient"), recipes.keySet(), "the README's recipes");

        Map<String, Object> confidential = recipes.get("confidential-app");
        register(CLIENTS, confidential);
        app = new SmartApp(issuer, text(confidential, "clientId"), text(confidential, "secret"),
                ((List<?>) confidential.get("redirectUris")).get(0).toString());
        register(CLIENTS, recipes.get("backend-inline-jwks"));
        register(CLIENTS, recipes.get("ehr-backend"));
        grantServiceAccountRole(text(recipes.get("ehr-backend"), "clientId"), "smart-ehr-launcher");
        register(CLIENTS, recipes.get("resource-server"));
        grantServiceAccountRole(text(recipes.get("resource-server"), "clientId"), "smart-introspector");
        registerUser(recipes.get("clinician"), "smart-clinician");
        registerUser(recipes.get("patient"), "smart-patient");
    }

    @AfterAll
    static void stopKeyServer() {
        if (keyServer != null) {
            keyServer.close();
        }
    }

    private static String text(Map<String, Object> recipe, String field) {
        return (String) recipe.get(field);
    }

    private static void register(String path, Map<String, Object> body) {
        var created = admin.post(path, body);
        assertEquals(201, created.statusCode(), "the README's JSON is refused: " + created.body());
    }

    /** The README's role step, as it says: client uuid → service-account user → role mapping by name. */
    private static void grantServiceAccountRole(String clientId, String role) {
        String uuid = admin.get(CLIENTS + "?clientId=" + clientId).get(0).get("id").asText();
        String user = admin.get(CLIENTS + "/" + uuid + "/service-account-user").get("id").asText();
        grantRole(user, role);
    }

    private static void grantRole(String userId, String role) {
        var granted = admin.post(USERS + "/" + userId + "/role-mappings/realm",
                List.of(admin.get("/realms/" + RealmFixtures.REALM + "/roles/" + role)));
        assertEquals(204, granted.statusCode(), "granting " + role + " as the README says: " + granted.body());
    }

    @SuppressWarnings("unchecked")
    private static void registerUser(Map<String, Object> user, String role) {
        register(USERS, user);
        String username = text(user, "username");
        grantRole(admin.get(USERS + "?exact=true&username=" + username).get(0).get("id").asText(), role);
        passwords.put(username, (String) ((List<Map<String, Object>>) user.get("credentials")).get(0).get("value"));
    }

    private static Set<String> scopes(String value) {
        return new TreeSet<>(Arrays.asList(value.trim().split(" +")));
    }

    /** A launch of the confidential app as the recipe user {@code recipe}, with an EHR's {@code launch} if not null. */
    private static Response launchAs(String recipe, String scope, String launch) {
        Pkce pkce = Pkce.s256();
        Map<String, String> params = app.authorizeParams(scope, pkce, "state-" + recipe);
        if (launch != null) {
            params.put("launch", launch);
        }
        return signIn(text(recipes.get(recipe), "username"), params, pkce);
    }

    /**
     * Signs {@code username} in to the confidential app: the first time, Keycloak asks to replace the temporary
     * password before anything else; then the consent page, granted as shown. Returns the token response.
     */
    private static Response signIn(String username, Map<String, String> params, Pkce pkce) {
        BrowserlessLogin browser = new BrowserlessLogin(app.authorizationEndpoint());
        Response page = browser.submitLogin(browser.authorize(params), username, passwords.get(username));
        if (BrowserlessLogin.isPasswordUpdatePage(page)) {
            String replaced = "Chosen-" + UUID.randomUUID();
            page = browser.submitPasswordUpdate(page, replaced);
            passwords.put(username, replaced);
        }
        assertTrue(BrowserlessLogin.isConsentPage(page), "the consent page, after any password change: " + page.asString());
        Response redirect = browser.submitConsent(page, null, true);
        assertEquals(302, redirect.statusCode(), redirect.asString());
        Map<String, String> query = BrowserlessLogin.query(redirect.getHeader("Location"));
        assertTrue(query.containsKey("code"), query.toString());
        Response token = app.exchange(query.get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
        return token;
    }

    @Test
    void aClinicianSignsInToTheConfidentialAppAndTheResourceServerIntrospectsTheToken() {
        String request = "openid fhirUser user/Patient.rs offline_access";
        Response token = launchAs("clinician", request, null);
        assertEquals(scopes(request), scopes(token.jsonPath().getString("scope")));
        assertEquals("Practitioner/jones-1", Jwt.claims(token.jsonPath().getString("id_token")).get("fhirUser"));

        Response refreshed = app.refresh(token.jsonPath().getString("refresh_token"), null);
        assertEquals(200, refreshed.statusCode(), "the app refreshes with its secret: " + refreshed.asString());

        Map<String, Object> server = recipes.get("resource-server");
        Response serverToken = new SmartApp(issuer, text(server, "clientId"), text(server, "secret"), null)
                .clientCredentials("openid");
        assertEquals(200, serverToken.statusCode(), serverToken.asString());
        Response introspection = given().auth().oauth2(serverToken.jsonPath().getString("access_token"))
                .contentType("application/x-www-form-urlencoded")
                .formParam("token", refreshed.jsonPath().getString("access_token")).post(issuer + "/smart-introspect");
        assertEquals(200, introspection.statusCode(), introspection.asString());
        assertTrue(introspection.jsonPath().getBoolean("active"), introspection.asString());
        assertEquals(text(recipes.get("confidential-app"), "clientId"), introspection.jsonPath().getString("client_id"));
        assertEquals("Practitioner/jones-1", introspection.jsonPath().getString("fhirUser"));
        assertEquals(scopes("openid fhirUser user/Patient.rs offline_access"),
                scopes(introspection.jsonPath().getString("scope")));
    }

    @Test
    void aPatientSignsInAndTheAppGetsTheirOwnRecordOnly() {
        String request = "openid fhirUser launch/patient patient/Observation.rs";
        Response token = launchAs("patient", request, null);
        assertEquals(scopes(request), scopes(token.jsonPath().getString("scope")));
        assertEquals("lopez-1", token.jsonPath().getString("patient"), "the one linked patient, chosen without a picker");
        assertEquals("Patient/lopez-1", Jwt.claims(token.jsonPath().getString("id_token")).get("fhirUser"));

        Response userScope = launchAs("patient", "openid launch/patient user/Patient.rs patient/Observation.rs", null);
        assertFalse(scopes(userScope.jsonPath().getString("scope")).contains("user/Patient.rs"),
                "a patient never grants user/ reach: " + userScope.asString());
    }

    @Test
    void theEhrBackEndMintsALaunchThatTheAppOpensWith() {
        Map<String, Object> ehr = recipes.get("ehr-backend");
        String handle = new EhrLauncher(issuer, text(ehr, "clientId"), text(ehr, "secret"))
                .handle("{\"client_id\": \"" + text(recipes.get("confidential-app"), "clientId") + "\", \"patient\": \"lopez-1\"}");
        Response token = launchAs("clinician", "openid launch patient/Observation.rs", handle);
        assertEquals("lopez-1", token.jsonPath().getString("patient"), token.asString());
        assertEquals(scopes("openid launch patient/Observation.rs"), scopes(token.jsonPath().getString("scope")));

        Response ehrAsApp = new SmartApp(issuer, text(ehr, "clientId"), text(ehr, "secret"), null)
                .clientCredentials("system/Patient.rs");
        assertEquals(400, ehrAsApp.statusCode(), "the EHR back end is no SMART app and gets no SMART scope: "
                + ehrAsApp.asString());
        assertEquals("invalid_scope", ehrAsApp.jsonPath().getString("error"));
    }

    @Test
    void theBackendServiceWithAnInlineKeyGetsItsSystemScope() throws IOException, ParseException, JOSEException {
        String clientId = text(recipes.get("backend-inline-jwks"), "clientId");
        ECKey key = ECKey.parse(Files.readString(Path.of("src/test/resources/recipes/bulk-export-es384.private.jwk.json")));
        String tokenEndpoint = issuer + "/protocol/openid-connect/token";
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(tokenEndpoint)
                .expirationTime(new Date(System.currentTimeMillis() + 240_000)).jwtID(UUID.randomUUID().toString()).build();
        SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        assertion.sign(new ECDSASigner(key));
        Response token = new ClientAssertions(clientId, tokenEndpoint).token(assertion.serialize(), "system/Observation.rs");
        assertEquals(200, token.statusCode(), token.asString());
        assertEquals(Set.of("system/Observation.rs"), scopes(token.jsonPath().getString("scope")));
        assertFalse(token.jsonPath().getMap("").containsKey("refresh_token"), "a backend token has no refresh token");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBackendServiceWithAJwksUrlGetsItsSystemScope() {
        Map<String, Object> recipe = new HashMap<>(recipes.get("backend-jwks-url"));
        String clientId = text(recipe, "clientId");
        String tokenEndpoint = issuer + "/protocol/openid-connect/token";
        ClientAssertions service = new ClientAssertions(clientId, tokenEndpoint);
        keyServer = new JwksServer();
        keyServer.publish("/jwks.json", service.publicJwks(), "max-age=300");
        Map<String, Object> attributes = new HashMap<>((Map<String, Object>) recipe.get("attributes"));
        attributes.put("jwks.url", keyServer.url("/jwks.json"));
        recipe.put("attributes", attributes);
        register(CLIENTS, recipe);

        Response token = service.token(service.rs384(claims -> { }), "system/Patient.rs system/Observation.rs");
        assertEquals(200, token.statusCode(), token.asString());
        assertEquals(Set.of("system/Patient.rs", "system/Observation.rs"), scopes(token.jsonPath().getString("scope")));
    }
}
