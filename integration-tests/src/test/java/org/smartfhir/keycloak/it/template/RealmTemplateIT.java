package org.smartfhir.keycloak.it.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;

/** The realm template, imported by a stock Keycloak at start, is there with its hardened settings. */
@KeycloakTest
class RealmTemplateIT {

    @Test
    void templateIsImportedWithPlaceholdersResolved(KeycloakAdmin admin) {
        JsonNode realm = admin.get("/realms/smart");
        assertEquals("smart", realm.get("realm").asText(), "${SMART_REALM:smart} falls back to its default");
        assertEquals("SMART on FHIR", realm.get("displayName").asText());
        assertEquals("http://127.0.0.1:18090/fhir", realm.get("attributes").get("smart.fhir.base.urls").asText(),
                "${SMART_FHIR_BASE_URL} is taken from the server's environment");
        List<String> unresolved = new ArrayList<>();
        collect(realm, "", unresolved, (key, value) -> value.isTextual() && ENV_PLACEHOLDER.matcher(value.asText()).find());
        assertTrue(unresolved.isEmpty(), "placeholders left literal: " + unresolved);
    }

    @Test
    void templateCarriesTheHardenedDefaults(KeycloakAdmin admin) {
        JsonNode realm = admin.get("/realms/smart");
        assertEquals("external", realm.get("sslRequired").asText());
        assertTrue(realm.get("bruteForceProtected").asBoolean());
        assertFalse(realm.get("registrationAllowed").asBoolean());
        assertEquals(300, realm.get("accessTokenLifespan").asInt(), "short-lived access tokens");
        assertEquals(60, realm.get("accessCodeLifespan").asInt(), "codes live about a minute (requirement B10)");
        assertEquals(900, realm.get("ssoSessionIdleTimeout").asInt(), "15-minute idle timeout");
        assertEquals(36000, realm.get("ssoSessionMaxLifespan").asInt(), "a sign-in lasts one 10-hour shift at most");
        assertEquals(2592000, realm.get("offlineSessionIdleTimeout").asInt(), "an unused offline grant ends after 30 days");
        assertTrue(realm.get("offlineSessionMaxLifespanEnabled").asBoolean(), "offline grants do not live forever");
        assertEquals(7776000, realm.get("offlineSessionMaxLifespan").asInt(), "90 days at most");
        assertTrue(realm.get("revokeRefreshToken").asBoolean(), "refresh tokens rotate");
        assertEquals(0, realm.get("refreshTokenMaxReuse").asInt());
        assertTrue(realm.get("eventsEnabled").asBoolean());
        assertTrue(realm.get("adminEventsEnabled").asBoolean());
        assertEquals("length(12) and maxLength(128) and notUsername and notEmail and passwordHistory(5)",
                realm.get("passwordPolicy").asText());
    }

    /**
     * A SMART app registers https redirect URIs, or http on a loopback IP literal without a port (RFC 8252 §7.3, what
     * browser apps on a developer's machine and the demo use); plain http elsewhere, {@code localhost} and wildcards
     * are refused at registration.
     */
    @Test
    void smartAppsRegisterHttpsOrLoopbackRedirectUrisOnly(KeycloakAdmin admin) {
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        expected.put("https://app.example.org/callback", 201);
        expected.put("http://127.0.0.1/callback", 201);
        expected.put("http://app.example.org/callback", 400);
        expected.put("http://localhost/callback", 400);
        expected.put("http://127.0.0.1:8091/callback", 400);
        expected.put("https://app.example.org/*", 400);
        int n = 0;
        for (var entry : expected.entrySet()) {
            String clientId = "template-redirect-" + n++;
            HttpResponse<String> created = admin.post("/realms/smart/clients", Map.of("clientId", clientId, "publicClient", true,
                    "redirectUris", List.of(entry.getKey()), "attributes", Map.of("smart.scope.ceiling", "patient/*.rs")));
            assertEquals(entry.getValue(), created.statusCode(), entry.getKey() + ": " + created.body());
        }
    }

    /** HIPAA §164.312(d) / NIST 800-63B: the policy is enforced when an admin sets a password, not just stored. */
    @Test
    void thePasswordPolicyRefusesShortOrGuessablePasswords(KeycloakAdmin admin) {
        for (String[] attempt : new String[][] {{"policy-short", "Short-1"}, {"policy-same-as-name-12", "policy-same-as-name-12"}}) {
            HttpResponse<String> created = admin.post("/realms/smart/users", Map.of("username", attempt[0], "enabled", true,
                    "credentials", List.of(Map.of("type", "password", "value", attempt[1], "temporary", false))));
            assertEquals(400, created.statusCode(), attempt[0] + ": " + created.body());
            assertTrue(created.body().contains("invalidPassword"), created.body());
            assertEquals(0, admin.get("/realms/smart/users?exact=true&username=" + attempt[0]).size(), "no user was created");
        }
    }

    /**
     * The headers a browser gets with the sign-in page (and every page of the flow: consent, picker, step-up):
     * HSTS, a CSP that forbids plugins, foreign framing and base-URI tricks, no MIME sniffing, no referrer leaking codes.
     */
    @Test
    void theSignInPageCarriesTheSecurityHeaders(KeycloakRuntime keycloak) throws Exception {
        String realmUrl = keycloak.baseUrl() + "/realms/smart";
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest("v".repeat(50).getBytes(StandardCharsets.US_ASCII)));
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(realmUrl
                + "/protocol/openid-connect/auth?client_id=account-console&response_type=code&scope=openid&state=s"
                + "&redirect_uri=" + URLEncoder.encode(realmUrl + "/account/", StandardCharsets.UTF_8)
                + "&code_challenge_method=S256&code_challenge=" + challenge)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("kc-form-login"), "the sign-in page");
        var headers = page.headers();
        String csp = headers.firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("frame-ancestors 'self'"), csp);
        assertTrue(csp.contains("object-src 'none'"), csp);
        assertTrue(csp.contains("base-uri 'self'"), csp);
        assertEquals("SAMEORIGIN", headers.firstValue("X-Frame-Options").orElse(null));
        assertEquals("max-age=31536000; includeSubDomains", headers.firstValue("Strict-Transport-Security").orElse(null));
        assertEquals("nosniff", headers.firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("no-referrer", headers.firstValue("Referrer-Policy").orElse(null));
        assertEquals("none", headers.firstValue("X-Robots-Tag").orElse(null));
    }

    /** The defaults hospitals get; the shared test server overrides the levels through the environment. */
    @Test
    void templateRequiresTwoFactorsEverywhereAndWebAuthnForWrites(KeycloakAdmin admin) throws IOException {
        JsonNode json = new ObjectMapper().readTree(Path.of(System.getProperty("keycloak.import.dir"), "smart-realm.json").toFile());
        JsonNode stepUp = null;
        for (JsonNode config : json.get("authenticatorConfig")) {
            if (config.get("alias").asText().equals("smart step up")) {
                stepUp = config.get("config");
            }
        }
        assertTrue(stepUp != null, "the template configures smart-step-up");
        assertEquals("${SMART_MINIMUM_AAL:aal2}", stepUp.get("minimum.level").asText());
        assertEquals("${SMART_STEP_UP_AAL:aal3}", stepUp.get("step.up.level").asText());
        assertEquals("${SMART_STEP_UP_SCOPES:*/*.cud}", stepUp.get("step.up.scopes").asText());
        for (JsonNode flow : json.get("authenticationFlows")) {
            for (JsonNode execution : flow.get("authenticationExecutions")) {
                assertFalse(execution.path("authenticator").asText().toLowerCase().contains("sms"), "never SMS: " + execution);
            }
        }

        JsonNode realm = admin.get("/realms/smart");
        assertTrue(realm.get("attributes").get("acr.loa.map").asText().contains("http://idmanagement.gov/ns/assurance/aal/3"));
        assertEquals("required", realm.get("webAuthnPolicyUserVerificationRequirement").asText(), "AAL3 needs user verification");
        assertEquals("required", realm.get("webAuthnPolicyPasswordlessUserVerificationRequirement").asText());
        assertTrue(realm.get("webAuthnPolicyPasswordlessPasskeysEnabled").asBoolean(), "passkeys on the sign-in page");
        assertEquals("totp", realm.get("otpPolicyType").asText());
    }

    @Test
    void templateShipsNoSampleUsersClientsOrSecrets() throws IOException {
        Path template = Path.of(System.getProperty("keycloak.import.dir"), "smart-realm.json");
        JsonNode json = new ObjectMapper().readTree(template.toFile());
        assertFalse(json.has("users"), "a template hospitals import has no sample users");
        assertFalse(json.has("clients"), "nor sample clients: apps are registered per hospital");
        List<String> secrets = new ArrayList<>();
        // "credentials" as a list of credential types (the conditional-credential step's setting) is not a secret.
        collect(json, "", secrets, (key, value) -> key.matches("(?i)secret|password|privateKey|clientSecret|value")
                || key.equalsIgnoreCase("credentials") && !value.isTextual());
        assertTrue(secrets.isEmpty(), "no credentials in the template: " + secrets);
    }

    @Test
    void serverIsStockKeycloakWithThePackInstalled(KeycloakAdmin admin, KeycloakRuntime keycloak) {
        JsonNode info = admin.serverInfo();
        assertEquals("26.7.3", info.get("systemInfo").get("version").asText());
        JsonNode wellKnown = info.get("providers").get("well-known").get("providers");
        assertTrue(wellKnown.has("smart-configuration"), "our well-known provider is loaded: " + wellKnown);
        assertTrue(wellKnown.has("openid-configuration"), "Keycloak's own is still there");
        System.out.println("Checked: " + keycloak.description());
    }

    /** Environment placeholders look like {@code ${SMART_X}} or {@code ${SMART_X:default}}; {@code ${role_x}} is a Keycloak message key. */
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*(:[^}]*)?}");

    private static void collect(JsonNode node, String path, List<String> out, BiPredicate<String, JsonNode> match) {
        node.properties().forEach(e -> {
            if (match.test(e.getKey(), e.getValue())) {
                out.add(path + "/" + e.getKey() + "=" + e.getValue());
            }
            collect(e.getValue(), path + "/" + e.getKey(), out, match);
        });
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            if (match.test("[" + i + "]", node.get(i))) {
                out.add(path + "[" + i + "]=" + node.get(i));
            }
            collect(node.get(i), path + "[" + i + "]", out, match);
        }
    }
}
