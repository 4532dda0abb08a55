package org.smartfhir.keycloak.it.lifecycle;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.EhrLauncher;
import org.smartfhir.keycloak.it.support.RealmFixtures;
import org.smartfhir.keycloak.it.support.SmartApp;

/** Requirement G26: RFC 7009 revocation, advertised, for access and refresh tokens; introspection then says inactive. */
@KeycloakTest
class RevocationIT {

    private static final String APP = "revoke-app";
    private static final String SECRET = "revoke-secret-" + System.nanoTime();
    private static final String REDIRECT = "https://revoke-app.example.org/callback";
    private static final String RESOURCE_SERVER = "revoke-fhir-server";
    private static final String USER = "revoke-patient";
    private static final String PASSWORD = "revoke-Password-1234";
    private static final String SCOPE = "openid launch/patient patient/Observation.rs";

    private static String issuer;
    private static SmartApp app;

    @BeforeAll
    static void fixtures(KeycloakRuntime keycloak, KeycloakAdmin admin) {
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        RealmFixtures fixtures = new RealmFixtures(admin);
        fixtures.smartConfidentialClient(APP, SECRET, REDIRECT, "patient/*.rs", false);
        fixtures.serviceClient(RESOURCE_SERVER, SECRET, "smart-introspector");
        fixtures.user(USER, PASSWORD);
        fixtures.grantRealmRoles(USER, "smart-patient");
        fixtures.linkPatients(USER, "revoke-pat-1");
        app = new SmartApp(issuer, APP, SECRET, REDIRECT);
    }

    private static String revocationEndpoint() {
        return given().get(issuer + "/.well-known/smart-configuration").then().statusCode(200).extract()
                .jsonPath().getString("revocation_endpoint");
    }

    private static boolean active(String token) {
        JsonPath answer = given().auth().oauth2(new EhrLauncher(issuer, RESOURCE_SERVER, SECRET).accessToken())
                .contentType("application/x-www-form-urlencoded").formParam("token", token)
                .post(issuer + "/smart-introspect").then().statusCode(200).extract().jsonPath();
        return answer.getBoolean("active");
    }

    @Test
    void aRevokedAccessTokenIsInactive() {
        String accessToken = app.launch(SCOPE, USER, PASSWORD).jsonPath().getString("access_token");
        assertEquals(true, active(accessToken));
        assertEquals(200, app.token().formParam("token", accessToken).formParam("token_type_hint", "access_token")
                .post(revocationEndpoint()).statusCode());
        assertEquals(false, active(accessToken));
    }

    @Test
    void aRevokedRefreshTokenEndsRefreshAndItsAccessToken() {
        Response token = app.launch(SCOPE, USER, PASSWORD);
        String accessToken = token.jsonPath().getString("access_token");
        String refreshToken = token.jsonPath().getString("refresh_token");
        assertEquals(200, app.token().formParam("token", refreshToken).formParam("token_type_hint", "refresh_token")
                .post(revocationEndpoint()).statusCode());
        Response refreshed = app.refresh(refreshToken, null);
        assertEquals(400, refreshed.statusCode(), refreshed.asString());
        assertEquals("invalid_grant", refreshed.jsonPath().getString("error"));
        assertEquals(false, active(accessToken), "the grant's access token is inactive too");
    }

    @Test
    void anotherClientCannotRevokeTheToken() {
        String accessToken = app.launch(SCOPE, USER, PASSWORD).jsonPath().getString("access_token");
        Response foreign = given().auth().preemptive().basic(RESOURCE_SERVER, SECRET).contentType("application/x-www-form-urlencoded")
                .formParam("token", accessToken).post(revocationEndpoint());
        assertEquals(true, active(accessToken), "still active after another client's attempt (" + foreign.statusCode() + ")");
    }
}
