package org.smartfhir.keycloak.it.support;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A SMART app as the tests drive it: builds authorize requests with PKCE and exchanges codes, as a public client or
 * with HTTP Basic client authentication.
 */
public final class SmartApp {

    private final String issuer;
    private final String clientId;
    private final String secret;
    private final String redirectUri;

    public SmartApp(String issuer, String clientId, String secret, String redirectUri) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.secret = secret;
        this.redirectUri = redirectUri;
    }

    public String authorizationEndpoint() {
        return issuer + "/protocol/openid-connect/auth";
    }

    public String tokenEndpoint() {
        return issuer + "/protocol/openid-connect/token";
    }

    public Map<String, String> authorizeParams(String scope, Pkce pkce, String state) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri);
        p.put("scope", scope);
        p.put("state", state);
        p.put("code_challenge", pkce.challenge());
        p.put("code_challenge_method", "S256");
        p.put("aud", RealmFixtures.FHIR_BASE);
        return p;
    }

    /** Logs {@code username} in through a fresh browserless session; returns the redirect's query parameters. */
    public Map<String, String> login(Map<String, String> authorizeParams, String username, String password) {
        return new BrowserlessLogin(authorizationEndpoint()).loginForRedirect(authorizeParams, username, password);
    }

    public Response exchange(String code, String verifier) {
        return token().formParam("grant_type", "authorization_code").formParam("code", code)
                .formParam("redirect_uri", redirectUri).formParam("code_verifier", verifier)
                .post(tokenEndpoint());
    }

    public Response clientCredentials(String scope) {
        return token().formParam("grant_type", "client_credentials").formParam("scope", scope).post(tokenEndpoint());
    }

    public Response refresh(String refreshToken, String scope) {
        RequestSpecification request = token().formParam("grant_type", "refresh_token").formParam("refresh_token", refreshToken);
        if (scope != null) {
            request.formParam("scope", scope);
        }
        return request.post(tokenEndpoint());
    }

    /**
     * SMART App Launch 2.2's refresh request of a public app, as the official JavaScript client sends it: only
     * {@code grant_type}, {@code refresh_token} and, when given, {@code scope} — no {@code client_id}, no credentials.
     */
    public Response refreshWithoutClientId(String refreshToken, String scope) {
        RequestSpecification request = given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "refresh_token").formParam("refresh_token", refreshToken);
        if (scope != null) {
            request.formParam("scope", scope);
        }
        return request.post(tokenEndpoint());
    }

    /** A form POST to a token-style endpoint, authenticated as this client. */
    public RequestSpecification token() {
        RequestSpecification request = given().contentType("application/x-www-form-urlencoded");
        return secret == null ? request.formParam("client_id", clientId) : request.auth().preemptive().basic(clientId, secret);
    }

    /** Authorize, log in, exchange: the whole launch. Fails unless a code comes back. */
    public Response launch(String scope, String username, String password) {
        Pkce pkce = Pkce.s256();
        Map<String, String> redirect = login(authorizeParams(scope, pkce, "state-" + System.nanoTime()), username, password);
        if (!redirect.containsKey("code")) {
            throw new AssertionError("no code: " + redirect);
        }
        return exchange(redirect.get("code"), pkce.verifier());
    }
}
