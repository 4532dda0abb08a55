package org.smartfhir.keycloak.it.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
