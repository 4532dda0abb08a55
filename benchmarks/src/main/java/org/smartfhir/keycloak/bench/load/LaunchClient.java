package org.smartfhir.keycloak.bench.load;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A confidential web app and its user's browser, as the load generator drives them: the authorization-code flow with
 * PKCE S256 over plain HTTP (cookies carried, redirects within Keycloak followed, the login form and, on the pack, the
 * SMART consent page submitted as offered), the code exchanged with {@code client_secret_basic}; then refresh and
 * introspection. Each launch is a new browser (a new sign-in), the costliest path an app can take.
 */
final class LaunchClient {

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern CONSENT_FORM = Pattern.compile("<form[^>]*id=\"smart-consent\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern CHECKED_BOX = Pattern.compile("<input[^>]*type=\"checkbox\"[^>]*>", Pattern.DOTALL);
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What the app asks for, and where it sends the browser and the code; the introspection endpoint and the resource
     * server that calls it (Keycloak answers a client only for tokens whose audience names it, so an app may not
     * introspect its own tokens: the resource server does, as in production).
     */
    record App(String realmUrl, String clientId, String secret, String redirectUri, Map<String, String> extraParams,
               String introspectionEndpoint, String resourceServerId, String resourceServerSecret) {
    }

    /** One grant's tokens. */
    record Tokens(String accessToken, String refreshToken) {
    }

    private final App app;
    private final String keycloakBase;
    private final String basic;
    private final String resourceServerBasic;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    LaunchClient(App app) {
        this.app = app;
        this.keycloakBase = URI.create(app.realmUrl()).resolve("/").toString();
        this.basic = basic(app.clientId(), app.secret());
        this.resourceServerBasic = basic(app.resourceServerId(), app.resourceServerSecret());
    }

    private static String basic(String clientId, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    /** authorize → login form → (consent) → code → token; the tokens, or an exception naming the step that failed. */
    Tokens launch(String username, String password) throws Exception {
        Map<String, String> cookies = new HashMap<>();
        String verifier = base64Url(randomBytes(32));
        String state = base64Url(randomBytes(12));
        Map<String, String> params = new LinkedHashMap<>(Map.of("response_type", "code", "client_id", app.clientId(),
                "redirect_uri", app.redirectUri(), "state", state, "code_challenge_method", "S256",
                "code_challenge", base64Url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)))));
        params.putAll(app.extraParams());
        HttpResponse<String> page = get(app.realmUrl() + "/protocol/openid-connect/auth?" + form(params), cookies);
        String login = action(LOGIN_FORM, page, "login form");
        page = post(login, form(Map.of("username", username, "password", password, "credentialId", "")), cookies);
        if (page.statusCode() == 200 && CONSENT_FORM.matcher(page.body()).find()) {
            page = post(action(CONSENT_FORM, page, "consent form"), consentAnswer(page.body()), cookies);
        }
        String location = page.headers().firstValue("Location").orElse("");
        if (page.statusCode() != 302 || !location.startsWith(app.redirectUri() + "?")) {
            throw new IllegalStateException("expected the redirect back with a code, got " + page.statusCode());
        }
        Map<String, String> back = query(location);
        if (!state.equals(back.get("state")) || back.get("code") == null) {
            throw new IllegalStateException("redirect back without code or state: " + back.keySet());
        }
        JsonNode token = tokenRequest(form(Map.of("grant_type", "authorization_code", "code", back.get("code"),
                "redirect_uri", app.redirectUri(), "code_verifier", verifier)));
        return new Tokens(token.path("access_token").asText(), token.path("refresh_token").asText());
    }

    /** A refresh-token grant; the rotated tokens. */
    Tokens refresh(String refreshToken) throws Exception {
        JsonNode token = tokenRequest("grant_type=refresh_token&refresh_token=" + refreshToken);
        return new Tokens(token.path("access_token").asText(), token.path("refresh_token").asText());
    }

    /** RFC 7662 introspection by the resource server; true when the token is reported active. */
    boolean introspectActive(String accessToken) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.introspectionEndpoint()))
                .header("Authorization", resourceServerBasic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + accessToken)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 && JSON.readTree(response.body()).path("active").asBoolean();
    }

    private JsonNode tokenRequest(String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(app.realmUrl() + "/protocol/openid-connect/token"))
                .header("Authorization", basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token endpoint -> " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String url, Map<String, String> cookies) throws Exception {
        return withinKeycloak(http.send(request(url, cookies).GET().build(), HttpResponse.BodyHandlers.ofString()), cookies);
    }

    private HttpResponse<String> post(String url, String body, Map<String, String> cookies) throws Exception {
        HttpRequest.Builder request = request(url, cookies).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return withinKeycloak(http.send(request.build(), HttpResponse.BodyHandlers.ofString()), cookies);
    }

    private HttpRequest.Builder request(String url, Map<String, String> cookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            request.header("Cookie", header.toString());
        }
        return request;
    }

    /** Keeps the cookies Keycloak sets and follows its redirects to its own pages, as a browser would. */
    private HttpResponse<String> withinKeycloak(HttpResponse<String> response, Map<String, String> cookies) throws Exception {
        for (int hop = 0; ; hop++) {
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                }
            }
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() != 302 || location == null || !location.startsWith(keycloakBase) || hop == 5) {
                return response;
            }
            response = http.send(request(location, cookies).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String action(Pattern form, HttpResponse<String> page, String what) {
        Matcher action = form.matcher(page.body());
        if (page.statusCode() != 200 || !action.find()) {
            throw new IllegalStateException("expected the " + what + ", got " + page.statusCode());
        }
        return unescape(action.group(1));
    }

    /** The consent page's own ticks, granted. */
    private static String consentAnswer(String page) {
        List<String> fields = new ArrayList<>(List.of("grant=grant"));
        Matcher box = CHECKED_BOX.matcher(page);
        while (box.find()) {
            Matcher value = VALUE.matcher(box.group());
            if (box.group().contains(" checked") && value.find()) {
                fields.add("scope=" + URLEncoder.encode(unescape(value.group(1)), StandardCharsets.UTF_8));
            }
        }
        return String.join("&", fields);
    }

    private static Map<String, String> query(String location) {
        Map<String, String> out = new HashMap<>();
        String raw = URI.create(location).getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
