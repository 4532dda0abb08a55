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
    private static final Pattern CONSENT_ACTION = Pattern.compile("<form[^>]*id=\"smart-consent\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern PICKER_ACTION = Pattern.compile("<form[^>]*id=\"smart-picker\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern RADIO = Pattern.compile("<input[^>]*type=\"radio\"[^>]*>", Pattern.DOTALL);
    private static final Pattern CHECKBOX = Pattern.compile("<input[^>]*type=\"checkbox\"[^>]*>", Pattern.DOTALL);
    private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

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

    /** GET a Keycloak page (e.g. a link on a login page) in this browser session. */
    public Response open(String url) {
        String absolute = URI.create(authorizationEndpoint).resolve(unescape(url)).toString();
        Response response = given().redirects().follow(false).cookies(cookies).urlEncodingEnabled(false).get(absolute);
        cookies.putAll(response.getCookies());
        return followWithinKeycloak(response);
    }

    /** The "restart login" link a Keycloak login page shows next to the username, if any. */
    public static java.util.Optional<String> restartLink(Response page) {
        Matcher link = Pattern.compile("\"([^\"]*/login-actions/restart[^\"]*)\"").matcher(page.asString());
        return link.find() ? java.util.Optional.of(unescape(link.group(1))) : java.util.Optional.empty();
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
        String url = unescape(action.group(1));
        Response response = given().redirects().follow(false).cookies(cookies)
                .contentType("application/x-www-form-urlencoded")
                .formParam("username", username).formParam("password", password).formParam("credentialId", "")
                .post(url);
        cookies.putAll(response.getCookies());
        return followWithinKeycloak(response);
    }

    private static final Pattern OTP_ACTION = Pattern.compile("<form[^>]*id=\"kc-otp-login-form\"[^>]*action=\"([^\"]+)\"");

    public static boolean isOtpPage(Response page) {
        return page.statusCode() == 200 && OTP_ACTION.matcher(page.asString()).find();
    }

    /**
     * Answers Keycloak's one-time-code page with a code the app has not typed before ({@link Totp#unusedNow}), once more
     * with the app's next code if Keycloak shows the page again ({@link Totp#retryAfter}).
     */
    public Response submitOtp(Response otpPage, Totp totp) {
        String code = totp.unusedNow();
        Response answer = submitOtp(otpPage, code);
        return isOtpPage(answer) ? submitOtp(answer, totp.retryAfter(code)) : answer;
    }

    /** Answers Keycloak's one-time-code page. */
    public Response submitOtp(Response otpPage, String code) {
        Matcher action = OTP_ACTION.matcher(otpPage.asString());
        if (!action.find()) {
            throw new AssertionError("no one-time-code form in the answer (" + otpPage.statusCode() + "): " + otpPage.asString());
        }
        Response response = given().redirects().follow(false).cookies(cookies).contentType("application/x-www-form-urlencoded")
                .formParam("otp", code).post(unescape(action.group(1)));
        cookies.putAll(response.getCookies());
        return followWithinKeycloak(response);
    }

    /** The setup form names its action before its id, unlike the login forms. */
    private static final Pattern TOTP_SETUP_ACTION = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-totp-settings-form\"");
    private static final Pattern TOTP_SECRET = Pattern.compile("name=\"totpSecret\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"totpSecret\"");

    /** The secret Keycloak's "set up an authenticator app" page offers, if this is that page. */
    public static java.util.Optional<String> totpSetupSecret(Response page) {
        Matcher secret = TOTP_SECRET.matcher(page.asString());
        if (page.statusCode() != 200 || !TOTP_SETUP_ACTION.matcher(page.asString()).find() || !secret.find()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(unescape(secret.group(1) != null ? secret.group(1) : secret.group(2)));
    }

    /**
     * Completes Keycloak's authenticator-app setup page with the app's code, once more with the app's next code if
     * Keycloak shows the setup page again ({@link Totp#retryAfter}).
     */
    public Response submitTotpSetup(Response page, String secret) {
        return submitTotpSetup(page, Totp.of(secret));
    }

    /** The same with the user's authenticator app, which then knows the code it typed ({@link Totp#unusedNow}). */
    public Response submitTotpSetup(Response page, Totp app) {
        String code = app.unusedNow();
        Response answer = submitTotpSetup(page, app.secret(), code);
        return totpSetupSecret(answer).isPresent() ? submitTotpSetup(answer, app.secret(), app.retryAfter(code)) : answer;
    }

    /** Completes Keycloak's authenticator-app setup page with the given code. */
    public Response submitTotpSetup(Response page, String secret, String code) {
        Matcher action = TOTP_SETUP_ACTION.matcher(page.asString());
        if (!action.find()) {
            throw new AssertionError("no authenticator-app setup form in the answer: " + page.asString());
        }
        Response response = given().redirects().follow(false).cookies(cookies).contentType("application/x-www-form-urlencoded")
                .formParam("totp", code).formParam("totpSecret", secret).formParam("userLabel", "phone")
                .post(unescape(action.group(1)));
        cookies.putAll(response.getCookies());
        return followWithinKeycloak(response);
    }

    private static final Pattern PASSWORD_UPDATE_ACTION =
            Pattern.compile("<form[^>]*id=\"kc-passwd-update-form\"[^>]*action=\"([^\"]+)\"");

    /** Keycloak's "update password" page, shown when the password an admin set is temporary. */
    public static boolean isPasswordUpdatePage(Response page) {
        return page.statusCode() == 200 && PASSWORD_UPDATE_ACTION.matcher(page.asString()).find();
    }

    /** Chooses a new password on Keycloak's "update password" page. */
    public Response submitPasswordUpdate(Response page, String newPassword) {
        Matcher action = PASSWORD_UPDATE_ACTION.matcher(page.asString());
        if (!action.find()) {
            throw new AssertionError("no update-password form in the answer (" + page.statusCode() + "): " + page.asString());
        }
        Response response = given().redirects().follow(false).cookies(cookies).contentType("application/x-www-form-urlencoded")
                .formParam("password-new", newPassword).formParam("password-confirm", newPassword)
                .post(unescape(action.group(1)));
        cookies.putAll(response.getCookies());
        return followWithinKeycloak(response);
    }

    public static boolean isConsentPage(Response page) {
        return page.statusCode() == 200 && CONSENT_ACTION.matcher(page.asString()).find();
    }

    /** The scope values of the consent page's boxes, and which of them start ticked. */
    public static Map<String, Boolean> consentBoxes(Response page) {
        Map<String, Boolean> boxes = new LinkedHashMap<>();
        Matcher input = CHECKBOX.matcher(page.asString());
        while (input.find()) {
            Matcher value = VALUE.matcher(input.group());
            if (value.find()) {
                boxes.put(unescape(value.group(1)), input.group().contains(" checked"));
            }
        }
        return boxes;
    }

    /**
     * Answers the SMART consent page as a user would: {@code ticked == null} keeps the page's own ticks; {@code grant}
     * false presses "Deny".
     */
    public Response submitConsent(Response page, java.util.Collection<String> ticked, boolean grant) {
        Matcher action = CONSENT_ACTION.matcher(page.asString());
        if (!action.find()) {
            throw new AssertionError("no SMART consent form in the answer (" + page.statusCode() + "): " + page.asString());
        }
        java.util.Collection<String> boxes = ticked != null ? ticked
                : consentBoxes(page).entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        var request = given().redirects().follow(false).cookies(cookies).contentType("application/x-www-form-urlencoded")
                .formParam(grant ? "grant" : "deny", grant ? "grant" : "deny");
        for (String box : boxes) {
            request.formParam("scope", box);
        }
        Response response = request.post(unescape(action.group(1)));
        cookies.putAll(response.getCookies());
        return followWithinKeycloak(response);
    }

    public static boolean isPickerPage(Response page) {
        return page.statusCode() == 200 && PICKER_ACTION.matcher(page.asString()).find();
    }

    /** The ids the picker page offers (radio values), in page order. */
    public static java.util.List<String> pickerChoices(Response page) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        Matcher input = RADIO.matcher(page.asString());
        while (input.find()) {
            Matcher value = VALUE.matcher(input.group());
            if (value.find()) {
                ids.add(unescape(value.group(1)));
            }
        }
        return ids;
    }

    /** Submits the picker form with the given fields (e.g. {@code search}+{@code name}, {@code select}+{@code patient}). */
    public Response submitPicker(Response page, Map<String, String> fields) {
        Matcher action = PICKER_ACTION.matcher(page.asString());
        if (!action.find()) {
            throw new AssertionError("no SMART picker form in the answer (" + page.statusCode() + "): " + page.asString());
        }
        Response response = given().redirects().follow(false).cookies(cookies).contentType("application/x-www-form-urlencoded")
                .formParams(fields).post(unescape(action.group(1)));
        cookies.putAll(response.getCookies());
        return followWithinKeycloak(response);
    }

    /** After login: a consent page is answered with its defaults; anything else is returned as is. */
    public Response acceptConsentIfAsked(Response answer) {
        return isConsentPage(answer) ? submitConsent(answer, null, true) : answer;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** Authorize, log in, accept the consent page as offered, and return the query parameters of the redirect back. */
    public Map<String, String> loginForRedirect(Map<String, String> params, String username, String password) {
        Response page = authorize(params);
        Response redirect = page.statusCode() == 302 || isConsentPage(page) ? page : submitLogin(page, username, password);
        redirect = acceptConsentIfAsked(redirect);
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
        out.put("_redirect", location.split("[?#]")[0]);
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
