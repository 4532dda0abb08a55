package org.smartfhir.keycloak.it.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.BrowserlessLogin;
import org.smartfhir.keycloak.it.support.Jwt;
import org.smartfhir.keycloak.it.support.Pkce;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/** Requirements E23–E24: OpenID Connect for SMART apps, with a validated {@code fhirUser}. */
@KeycloakTest
class FhirUserIT {

    private static final String APP = "fhiruser-app";
    private static final String SECRET = "fhiruser-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://fhiruser-app.example.org/callback";
    private static final String USER = "fhiruser-patient";
    private static final String PASSWORD = "fhiruser-Password-1234";
    private static final String FHIR_USER = "Patient/example-1";

    private static String issuer;
    private static SmartApp app;
    private static RealmFixtures fixtures;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        fixtures = new RealmFixtures(admin);
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, "patient/*.rs", false);
        assertEquals(201, fixtures.createUser(USER, PASSWORD, Map.of("fhirUser", List.of(FHIR_USER))).statusCode());
        fixtures.grantRealmRoles(USER, "smart-patient");
        app = new SmartApp(issuer, APP, SECRET, REDIRECT);
    }

    @Test
    void fhirUserIsGrantedAndInTheIdTokenUserinfoAndAccessToken() throws Exception {
        Response token = app.launch("openid fhirUser launch/patient patient/Patient.rs", USER, PASSWORD);
        assertEquals(200, token.statusCode(), token.asString());
        assertTrue(Arrays.asList(token.jsonPath().getString("scope").split(" ")).contains("fhirUser"));

        SignedJWT idToken = SignedJWT.parse(token.jsonPath().getString("id_token"));
        assertEquals(JWSAlgorithm.RS256, idToken.getHeader().getAlgorithm());
        assertNotNull(idToken.getHeader().getKeyID(), "kid");
        RSAKey key = JWKSet.load(new URL(issuer + "/protocol/openid-connect/certs")).getKeyByKeyId(idToken.getHeader().getKeyID()).toRSAKey();
        assertTrue(idToken.verify(new RSASSAVerifier(key)), "id_token signature verifies against the JWKS");
        var claims = idToken.getJWTClaimsSet();
        assertEquals(issuer, claims.getIssuer());
        assertEquals(List.of(APP), claims.getAudience());
        assertTrue(claims.getExpirationTime().after(new Date()));
        assertNotNull(claims.getIssueTime());
        assertTrue(claims.getSubject().length() <= 255);
        assertEquals(FHIR_USER, claims.getStringClaim("fhirUser"));

        String accessToken = token.jsonPath().getString("access_token");
        assertEquals(FHIR_USER, Jwt.claims(accessToken).get("fhirUser"));
        JsonPath userinfo = given().auth().oauth2(accessToken).get(issuer + "/protocol/openid-connect/userinfo")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(FHIR_USER, userinfo.getString("fhirUser"));
        assertEquals(claims.getSubject(), userinfo.getString("sub"));
    }

    @Test
    void openIdDiscoveryHasWhatSmartClientsNeed() {
        JsonPath oidc = given().get(issuer + "/.well-known/openid-configuration").then().statusCode(200).extract().jsonPath();
        for (String field : List.of("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "response_types_supported",
                "subject_types_supported", "id_token_signing_alg_values_supported")) {
            assertNotNull(oidc.get(field), field);
        }
        assertTrue(oidc.getList("id_token_signing_alg_values_supported").contains("RS256"));
    }

    @Test
    void anInvalidFhirUserCannotBeStoredOnAUser() {
        for (String bad : List.of("PractitionerRole/1", "Organization/1", "Patient/a b", "javascript:alert(1)")) {
            var response = fixtures.createUser("fhiruser-bad-" + Math.abs(bad.hashCode()), PASSWORD, Map.of("fhirUser", List.of(bad)));
            assertEquals(400, response.statusCode(), bad + ": " + response.body());
        }
    }

    @Test
    void aClientThatIsNotASmartClientDoesNotGetFhirUser() {
        fixtures.confidentialClient("fhiruser-plain-app", SECRET, REDIRECT);
        SmartApp plain = new SmartApp(issuer, "fhiruser-plain-app", SECRET, REDIRECT);
        Response answer = new BrowserlessLogin(plain.authorizationEndpoint())
                .authorize(plain.authorizeParams("openid fhirUser", Pkce.s256(), "st-plain"));
        Map<String, String> redirect = BrowserlessLogin.query(answer.getHeader("Location"));
        assertEquals("invalid_scope", redirect.get("error"), "fhirUser is provided to SMART clients only");
        assertEquals("st-plain", redirect.get("state"));
    }
}
