package org.smartfhir.keycloak.it.support;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.response.Response;

/**
 * Walks Keycloak's authorization endpoint and login form over plain HTTP, the way a browser would (cookies carried,
 * redirects not followed), so HTTP tests can obtain real authorization codes. Real-browser tests use Chromium.
 */
public final class BrowserlessLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final String authorizationEndpoint;
    private final Map<String, String> cookies = new HashMap<>();

    public BrowserlessLogin(String authorizationEndpoint) {
        this.authorizationEndpoint = authorizationEndpoint;
    }

    /**
     * GET the authorization endpoint, following redirects that stay on Keycloak (as a browser would); returns the first
     * answer that is a page or a redirect elsewhere (normally to the client).
     */
    public Response authorize(Map<String, String> params) {
        Response response = given().redirects().follow(false).cookies(cookies).queryParams(params).get(authorizationEndpoint);
        cookies.putAll(response.getCookies());
        return followWithinKeycloak(response);
    }

    private Response followWithinKeycloak(Response response) {
        String keycloak = URI.create(authorizationEndpoint).resolve("/").toString();
        for (int hop = 0; hop < 5 && response.statusCode() == 302; hop++) {
            String location = response.getHeader("Location");
            if (location == null || !location.startsWith(keycloak)) {
                return response;
            }
            response = given().redirects().follow(false).cookies(cookies).urlEncodingEnabled(false).get(location);
            cookies.putAll(response.getCookies());
        }
        return response;
    }

    /** Submits the login form of {@code loginPage} and returns the answer (normally a redirect to the client). */
    public Response submitLogin(Response loginPage, String username, String password) {
        Matcher action = FORM_ACTION.matcher(loginPage.asString());
        if (!action.find()) {
            throw new AssertionError("no login form in the answer (" + loginPage.statusCode() + "): " + loginPage.asString());
        }
        String url = action.group(1).replace("&amp;", "&");
        Response response = given().redirects().follow(false).cookies(cookies)
                .contentType("application/x-www-form-urlencoded")
                .formParam("username", username).formParam("password", password).formParam("credentialId", "")
                .post(url);
        cookies.putAll(response.getCookies());
        return followWithinKeycloak(response);
    }

    /** Authorize, log in, and return the query parameters of the redirect back to the client. */
    public Map<String, String> loginForRedirect(Map<String, String> params, String username, String password) {
        Response page = authorize(params);
        Response redirect = page.statusCode() == 302 ? page : submitLogin(page, username, password);
        if (redirect.statusCode() != 302) {
            throw new AssertionError("expected a redirect to the client, got " + redirect.statusCode() + ": " + redirect.asString());
        }
        return query(redirect.getHeader("Location"));
    }

    /** The decoded query (or fragment) parameters of a redirect URL. */
    public static Map<String, String> query(String location) {
        URI uri = URI.create(location);
        String raw = uri.getRawQuery() != null ? uri.getRawQuery() : uri.getRawFragment();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("_redirect", location.split("\\?")[0]);
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }
}
