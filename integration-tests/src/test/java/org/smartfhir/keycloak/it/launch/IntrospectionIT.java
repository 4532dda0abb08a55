package org.smartfhir.keycloak.it.launch;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.nimbusds.jwt.SignedJWT;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.EhrLauncher;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/** Requirement G27: SMART introspection with a resource server's bearer token, launch context and fhirUser included. */
@KeycloakTest
class IntrospectionIT {

    private static final String APP = "introspect-app";
    private static final String SECRET = "introspect-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://introspect-app.example.org/callback";
    private static final String EHR = "introspect-ehr";
    private static final String RESOURCE_SERVER = "introspect-fhir-server";
    private static final String PLAIN = "introspect-plain-client";
    private static final String CLINICIAN = "introspect-clinician";
    private static final String PASSWORD = "introspect-Password-1234";

    private static String issuer;
    private static String endpoint;
    private static Response token;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        endpoint = issuer + "/smart-introspect";
        RealmFixtures fixtures = new RealmFixtures(admin);
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.serviceClient(EHR, SECRET, "smart-ehr-launcher");
        fixtures.serviceClient(RESOURCE_SERVER, SECRET, "smart-introspector");
        fixtures.serviceClient(PLAIN, SECRET);
        assertEquals(201, fixtures.createUser(CLINICIAN, PASSWORD, Map.of("fhirUser", List.of("Practitioner/dr-1"))).statusCode());
        fixtures.grantRealmRoles(CLINICIAN, "smart-clinician");

        SmartApp app = new SmartApp(issuer, APP, SECRET, REDIRECT);
        String launch = new EhrLauncher(issuer, EHR, SECRET).handle("""
                {"client_id":"%s","patient":"pat-77","encounter":"enc-88","need_patient_banner":true,
                 "fhirContext":[{"reference":"ServiceRequest/sr-1"}]}""".formatted(APP));
        Pkce pkce = Pkce.s256();
        Map<String, String> params = app.authorizeParams("openid fhirUser launch patient/Observation.rs", pkce, "st-int");
        params.put("launch", launch);
        token = app.exchange(app.login(params, CLINICIAN, PASSWORD).get("code"), pkce.verifier());
        assertEquals(200, token.statusCode(), token.asString());
    }

    private static String serviceToken(String clientId) {
        return new EhrLauncher(issuer, clientId, SECRET).accessToken();
    }

    private static Set<String> scopes(String scope) {
        return new TreeSet<>(List.of(scope.split(" ")));
    }

    @Test
    void aResourceServerBearerTokenIntrospectsAnAppsTokenWithContext() throws Exception {
        JsonPath answer = given().auth().oauth2(serviceToken(RESOURCE_SERVER)).contentType("application/x-www-form-urlencoded")
                .formParam("token", token.jsonPath().getString("access_token")).post(endpoint)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(true, answer.getBoolean("active"));
        assertEquals(scopes(token.jsonPath().getString("scope")), scopes(answer.getString("scope")), "same set as the token response");
        assertEquals(APP, answer.getString("client_id"));
        assertNotNull(answer.get("exp"));
        assertEquals(issuer, answer.getString("iss"));
        assertEquals(SignedJWT.parse(token.jsonPath().getString("id_token")).getJWTClaimsSet().getSubject(), answer.getString("sub"));
        assertEquals("Practitioner/dr-1", answer.getString("fhirUser"));
        assertEquals("pat-77", answer.getString("patient"));
        assertEquals("enc-88", answer.getString("encounter"));
        assertEquals(true, answer.getBoolean("need_patient_banner"));
        assertEquals("ServiceRequest/sr-1", answer.getString("fhirContext[0].reference"));
    }

    @Test
    void theIntrospectorRoleAlsoWorksWithClientAuthentication() {
        JsonPath answer = given().auth().preemptive().basic(RESOURCE_SERVER, SECRET).contentType("application/x-www-form-urlencoded")
                .formParam("token", token.jsonPath().getString("access_token")).post(endpoint)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(true, answer.getBoolean("active"));
        assertEquals("pat-77", answer.getString("patient"));
    }

    @Test
    void anInvalidTokenIsInactiveAndNothingElse() {
        for (String bad : List.of("not-a-token", token.jsonPath().getString("access_token") + "x")) {
            Response answer = given().auth().oauth2(serviceToken(RESOURCE_SERVER)).contentType("application/x-www-form-urlencoded")
                    .formParam("token", bad).post(endpoint);
            assertEquals(200, answer.statusCode());
            assertEquals(Map.of("active", false), answer.jsonPath().getMap(""));
        }
    }

    @Test
    void callersNeedTheRoleOrTheTokensAudience() {
        String accessToken = token.jsonPath().getString("access_token");
        Response anonymous = given().contentType("application/x-www-form-urlencoded").formParam("token", accessToken).post(endpoint);
        assertEquals(401, anonymous.statusCode());
        assertNotNull(anonymous.jsonPath().getString("error"));

        Response forged = given().auth().oauth2("eyJhbGciOiJub25lIn0.e30.").contentType("application/x-www-form-urlencoded")
                .formParam("token", accessToken).post(endpoint);
        assertEquals(401, forged.statusCode());
        assertEquals("invalid_token", forged.jsonPath().getString("error"));

        Response noRole = given().auth().oauth2(serviceToken(PLAIN)).contentType("application/x-www-form-urlencoded")
                .formParam("token", accessToken).post(endpoint);
        assertEquals(403, noRole.statusCode());
        assertEquals("insufficient_scope", noRole.jsonPath().getString("error"));

        Response nonSmartToken = given().auth().oauth2(serviceToken(RESOURCE_SERVER)).contentType("application/x-www-form-urlencoded")
                .formParam("token", serviceToken(EHR)).post(endpoint);
        assertEquals(Map.of("active", false), nonSmartToken.jsonPath().getMap(""),
                "the role reaches SMART apps' tokens, not every token of the realm");

        Response notAudience = given().auth().preemptive().basic(PLAIN, SECRET).contentType("application/x-www-form-urlencoded")
                .formParam("token", accessToken).post(endpoint);
        assertEquals(200, notAudience.statusCode());
        assertEquals(Map.of("active", false), notAudience.jsonPath().getMap(""), "Keycloak's own rule without the role");

        Response wrongSecret = given().auth().preemptive().basic(RESOURCE_SERVER, "wrong").contentType("application/x-www-form-urlencoded")
                .formParam("token", accessToken).post(endpoint);
        assertEquals(401, wrongSecret.statusCode());
        assertNotNull(wrongSecret.jsonPath().getString("error"), wrongSecret.asString()); // Keycloak's client-auth answer
    }
}
