package org.smartfhir.keycloak.it.support;

import java.util.List;
import java.util.Map;

import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;

/**
 * Clients and users created through the admin API. The template ships no sample data, so each suite creates its own,
 * with names unique to the suite because all suites share one server.
 */
public final class RealmFixtures {

    public static final String REALM = "smart";
    /** The FHIR base the realm template was given through ${SMART_FHIR_BASE_URL} (see the Failsafe configuration). */
    public static final String FHIR_BASE = System.getProperty("keycloak.env.SMART_FHIR_BASE_URL");

    private final KeycloakAdmin admin;
    private final String realm;

    public RealmFixtures(KeycloakAdmin admin) {
        this(admin, REALM);
    }

    /** Fixtures in another realm, e.g. one a suite imported from the template with its own placeholder values. */
    public RealmFixtures(KeycloakAdmin admin, String realm) {
        this.admin = admin;
        this.realm = realm;
    }

    public KeycloakAdmin admin() {
        return admin;
    }

    /** A public SMART client: code flow only, PKCE S256 required, exact redirect URI. */
    public void publicClient(String clientId, String redirectUri, String webOrigin) {
        client(Map.of("clientId", clientId, "publicClient", true, "redirectUris", List.of(redirectUri),
                "webOrigins", List.of(webOrigin)));
    }

    /** A confidential client authenticating with {@code client_secret} (HTTP Basic or form). */
    public void confidentialClient(String clientId, String secret, String redirectUri) {
        client(Map.of("clientId", clientId, "publicClient", false, "clientAuthenticatorType", "client-secret",
                "secret", secret, "redirectUris", List.of(redirectUri)));
    }

    /** A public SMART app with a scope ceiling, so the SMART client policy applies to it. */
    public void smartPublicClient(String clientId, String redirectUri, String ceiling, List<String> optionalScopes) {
        client(Map.of("clientId", clientId, "publicClient", true, "redirectUris", List.of(redirectUri),
                "webOrigins", List.of("+"), "defaultClientScopes", List.of("basic"),
                "optionalClientScopes", optionalScopes,
                "attributes", Map.of("smart.scope.ceiling", ceiling)));
    }

    /** A confidential SMART client (symmetric secret), optionally a backend service (client_credentials). */
    public void smartConfidentialClient(String clientId, String secret, String redirectUri, String ceiling, boolean backend) {
        client(Map.of("clientId", clientId, "publicClient", false, "clientAuthenticatorType", "client-secret",
                "secret", secret, "redirectUris", List.of(redirectUri), "serviceAccountsEnabled", backend,
                "defaultClientScopes", List.of("basic"), "optionalClientScopes", List.of("offline_access"),
                "attributes", Map.of("smart.scope.ceiling", ceiling)));
    }

    /**
     * A backend service authenticating with {@code private_key_jwt} against an inline JWKS; with a ceiling it is a
     * SMART client, without one a plain Keycloak client.
     */
    public void backendJwtClient(String clientId, String jwksJson, String ceiling) {
        Map<String, Object> attributes = new java.util.HashMap<>(Map.of("use.jwks.string", "true", "jwks.string", jwksJson,
                "use.jwks.url", "false"));
        if (ceiling != null) {
            attributes.put("smart.scope.ceiling", ceiling);
        }
        client(Map.of("clientId", clientId, "publicClient", false, "clientAuthenticatorType", "client-jwt",
                "standardFlowEnabled", false, "serviceAccountsEnabled", true, "redirectUris", List.of(),
                "defaultClientScopes", List.of("basic"), "attributes", attributes));
    }

    /** A SMART backend service ({@code private_key_jwt}) whose keys Keycloak fetches from a JWKS URL. */
    public void backendJwksUrlClient(String clientId, String jwksUrl, String ceiling) {
        client(Map.of("clientId", clientId, "publicClient", false, "clientAuthenticatorType", "client-jwt",
                "standardFlowEnabled", false, "serviceAccountsEnabled", true, "redirectUris", List.of(),
                "defaultClientScopes", List.of("basic"),
                "attributes", Map.of("use.jwks.url", "true", "jwks.url", jwksUrl, "use.jwks.string", "false",
                        "smart.scope.ceiling", ceiling)));
    }

    /** A SMART app (authorization code) authenticating with {@code private_key_jwt} against an inline JWKS. */
    public void smartJwtApp(String clientId, String jwksJson, String redirectUri, String ceiling) {
        client(Map.of("clientId", clientId, "publicClient", false, "clientAuthenticatorType", "client-jwt",
                "redirectUris", List.of(redirectUri), "defaultClientScopes", List.of("basic"),
                "optionalClientScopes", List.of("offline_access"),
                "attributes", Map.of("use.jwks.string", "true", "jwks.string", jwksJson, "use.jwks.url", "false",
                        "smart.scope.ceiling", ceiling)));
    }

    /** Names of all client scopes in the realm that equal {@code name} (to prove a scope exists exactly once). */
    public long clientScopesNamed(String name) {
        int count = 0;
        for (var scope : admin.get("/realms/" + realm + "/client-scopes")) {
            if (scope.get("name").asText().equals(name)) {
                count++;
            }
        }
        return count;
    }

    /** Changes one attribute of a client as an admin would (the rest of the client is sent back unchanged). */
    public void setClientAttribute(String clientId, String name, String value) {
        var client = (com.fasterxml.jackson.databind.node.ObjectNode) admin.get("/realms/" + realm + "/clients?clientId=" + clientId).get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) client.get("attributes")).put(name, value);
        int status = admin.put("/realms/" + realm + "/clients/" + client.get("id").asText(), client.toString());
        if (status != 204) {
            throw new IllegalStateException("updating client " + clientId + " -> " + status);
        }
    }

    /** Names of the client scopes linked to a client, default and optional. */
    public java.util.Set<String> linkedScopes(String clientId) {
        String id = admin.get("/realms/" + realm + "/clients?clientId=" + clientId).get(0).get("id").asText();
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String kind : List.of("default-client-scopes", "optional-client-scopes")) {
            admin.get("/realms/" + realm + "/clients/" + id + "/" + kind).forEach(s -> names.add(s.get("name").asText()));
        }
        return names;
    }

    private void client(Map<String, Object> specific) {
        Map<String, Object> rep = new java.util.HashMap<>(Map.of(
                "protocol", "openid-connect", "enabled", true, "standardFlowEnabled", true,
                "implicitFlowEnabled", false, "directAccessGrantsEnabled", false));
        rep.putAll(specific);
        Map<String, Object> attributes = new java.util.HashMap<>(Map.of("pkce.code.challenge.method", "S256"));
        if (specific.get("attributes") instanceof Map<?, ?> extra) {
            extra.forEach((k, v) -> attributes.put((String) k, v));
        }
        rep.put("attributes", attributes);
        created(admin.post("/realms/" + realm + "/clients", rep), "client " + specific.get("clientId"));
    }

    public void user(String username, String password) {
        created(createUser(username, password, Map.of()), "user " + username);
    }

    /**
     * A user with a password and a TOTP authenticator already set up (as after "Configure OTP"), and optionally
     * required actions for the next sign-in (e.g. {@code webauthn-register-passwordless}).
     */
    public void userWithTotp(String username, String password, Totp totp, String... requiredActions) {
        Map<String, Object> otp = Map.of("type", "otp", "userLabel", "phone",
                "secretData", "{\"value\":\"" + totp.secret() + "\"}",
                "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
        created(admin.post("/realms/" + realm + "/users", Map.of(
                "username", username, "enabled", true, "emailVerified", true,
                "firstName", "Test", "lastName", username, "email", username + "@example.org",
                "requiredActions", List.of(requiredActions),
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false), otp))), "user " + username);
    }

    /** A public SMART app that also has Keycloak's {@code acr} scope, as clients registered in the admin console do. */
    public void smartPublicClientWithAcr(String clientId, String redirectUri, String ceiling) {
        client(Map.of("clientId", clientId, "publicClient", true, "redirectUris", List.of(redirectUri),
                "webOrigins", List.of("+"), "defaultClientScopes", List.of("basic", "acr"),
                "attributes", Map.of("smart.scope.ceiling", ceiling)));
    }

    /** Creates a user with attributes; returns Keycloak's answer so tests can check refusals. */
    public java.net.http.HttpResponse<String> createUser(String username, String password, Map<String, List<String>> attributes) {
        return admin.post("/realms/" + realm + "/users", Map.of(
                "username", username, "enabled", true, "emailVerified", true,
                "firstName", "Test", "lastName", username, "email", username + "@example.org",
                "attributes", attributes,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
    }

    /**
     * A confidential service client (client_credentials, no SMART ceiling) whose service account holds {@code roles}:
     * an EHR that mints launches, a resource server that introspects.
     */
    public void serviceClient(String clientId, String secret, String... roles) {
        admin.createServiceClient(realm, clientId, secret, roles);
    }

    /**
     * Links patient records to a user account (user attribute {@code smartPatient}), as an admin does for a patient
     * or a parent; a user with exactly one linked patient gets it chosen silently at a standalone launch.
     */
    public void linkPatients(String username, String... patientIds) {
        String id = userId(username);
        var user = (com.fasterxml.jackson.databind.node.ObjectNode) admin.get("/realms/" + realm + "/users/" + id);
        var attributes = user.has("attributes") && user.get("attributes").isObject()
                ? (com.fasterxml.jackson.databind.node.ObjectNode) user.get("attributes") : user.putObject("attributes");
        var values = attributes.putArray("smartPatient");
        for (String patientId : patientIds) {
            values.add(patientId);
        }
        int status = admin.put("/realms/" + realm + "/users/" + id, user.toString());
        if (status != 204) {
            throw new IllegalStateException("linking patients to " + username + " -> " + status);
        }
    }

    /** Changes settings of the realm's SMART patient picker step (the browser flow's "smart patient picker" config). */
    public void configurePicker(Map<String, String> settings) {
        for (var execution : admin.get("/realms/" + realm + "/authentication/flows/smart%20browser/executions")) {
            if ("smart-patient-picker".equals(execution.path("providerId").asText())) {
                String configId = execution.get("authenticationConfig").asText();
                var config = (com.fasterxml.jackson.databind.node.ObjectNode) admin.get("/realms/" + realm + "/authentication/config/" + configId);
                var values = (com.fasterxml.jackson.databind.node.ObjectNode) config.get("config");
                settings.forEach(values::put);
                int status = admin.put("/realms/" + realm + "/authentication/config/" + configId, config.toString());
                if (status != 204) {
                    throw new IllegalStateException("configuring the picker -> " + status);
                }
                return;
            }
        }
        throw new IllegalStateException("the smart browser flow has no smart-patient-picker step");
    }

    /** A patient user (realm role {@code smart-patient}) linked to the given patient records. */
    public String patient(String username, String password, String... patientIds) {
        user(username, password);
        grantRealmRoles(username, "smart-patient");
        linkPatients(username, patientIds);
        return username;
    }

    /** The id of a user, by exact username. */
    public String userId(String username) {
        return admin.get("/realms/" + realm + "/users?exact=true&username=" + username).get(0).get("id").asText();
    }

    /** Grants realm roles to an existing user. */
    public void grantRealmRoles(String username, String... roles) {
        admin.grantRealmRoles(realm, userId(username), roles);
    }

    private static void created(java.net.http.HttpResponse<String> response, String what) {
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException("creating " + what + " -> " + response.statusCode() + ": " + response.body());
        }
    }
}
