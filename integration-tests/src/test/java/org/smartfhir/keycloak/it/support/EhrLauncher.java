package org.smartfhir.keycloak.it.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;

/** An EHR's back end: obtains a service-account token and mints SMART launch handles with it. */
public final class EhrLauncher {

    private final String issuer;
    private final String clientId;
    private final String secret;

    public EhrLauncher(String issuer, String clientId, String secret) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.secret = secret;
    }

    public String launchEndpoint() {
        return issuer + "/smart-launch";
    }

    public String accessToken() {
        Response token = given().auth().preemptive().basic(clientId, secret).contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials").post(issuer + "/protocol/openid-connect/token");
        if (token.statusCode() != 200) {
            throw new AssertionError("EHR token: " + token.asString());
        }
        return token.jsonPath().getString("access_token");
    }

    public Response mint(String json) {
        return given().auth().oauth2(accessToken()).contentType("application/json").body(json).post(launchEndpoint());
    }

    /** Mints and returns the handle, failing the test unless the EHR launch API accepted the body. */
    public String handle(String json) {
        Response answer = mint(json);
        if (answer.statusCode() != 200) {
            throw new AssertionError("mint: " + answer.statusCode() + " " + answer.asString());
        }
        return answer.jsonPath().getString("launch");
    }
}
