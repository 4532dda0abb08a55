package org.smartfhir.keycloak.harness.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;

/**
 * Keycloak's admin REST API as the bootstrap admin, for test set-up and for asserting server-side state. Tokens are
 * fetched through {@code admin-cli} in the master realm and renewed before they expire.
 */
public final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakRuntime server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private Instant tokenExpiry = Instant.EPOCH;

    public KeycloakAdmin(KeycloakRuntime server) {
        this.server = server;
    }

    /** {@code GET /admin/realms/...}; path starts with {@code /realms/...}. Throws unless 200. */
    public JsonNode get(String path) {
        HttpResponse<String> response = send(request(path).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " -> " + response.statusCode() + ": " + response.body());
        }
        return read(response.body());
    }

    /** {@code PUT}, returning the status. */
    public int put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))).build()).statusCode();
    }

    /** {@code POST}, returning the response. */
    public HttpResponse<String> post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))).build());
    }

    public int delete(String path) {
        return send(request(path).DELETE().build()).statusCode();
    }

    /**
     * Sets one realm attribute, keeping all others. Keycloak's realm update replaces the whole attribute map with
     * what the request carries, so a partial {@code PUT} would silently delete every other attribute.
     */
    public void setRealmAttribute(String realm, String name, String value) {
        JsonNode current = get("/realms/" + realm).get("attributes");
        java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();
        if (current != null) {
            current.properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        }
        attributes.put(name, value);
        int status = put("/realms/" + realm, java.util.Map.of("attributes", attributes));
        if (status != 204) {
            throw new IllegalStateException("updating realm attribute " + name + " -> " + status);
        }
    }

    /**
     * Creates a confidential {@code client_credentials} client (an existing one is kept) whose service account holds
     * the given realm roles: an EHR that mints launches, a resource server, a SIEM reading the audit trail.
     */
    public void createServiceClient(String realm, String clientId, String secret, String... realmRoles) {
        java.util.Map<String, Object> client = new java.util.HashMap<>(java.util.Map.of("clientId", clientId,
                "protocol", "openid-connect", "enabled", true, "publicClient", false,
                "clientAuthenticatorType", "client-secret", "secret", secret, "serviceAccountsEnabled", true,
                "redirectUris", java.util.List.of()));
        // Nothing but client_credentials: no browser, implicit or password grant.
        client.putAll(java.util.Map.of("standardFlowEnabled", false, "implicitFlowEnabled", false,
                "directAccessGrantsEnabled", false, "attributes", java.util.Map.of("pkce.code.challenge.method", "S256")));
        HttpResponse<String> created = post("/realms/" + realm + "/clients", client);
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("creating client " + clientId + " -> " + created.statusCode() + ": " + created.body());
        }
        if (realmRoles.length == 0) {
            return;
        }
        String id = get("/realms/" + realm + "/clients?clientId=" + enc(clientId)).get(0).get("id").asText();
        grantRealmRoles(realm, get("/realms/" + realm + "/clients/" + id + "/service-account-user").get("id").asText(), realmRoles);
    }

    /** Grants realm roles to the user (or service account) with id {@code userId}. */
    public void grantRealmRoles(String realm, String userId, String... realmRoles) {
        java.util.List<JsonNode> roles = new java.util.ArrayList<>();
        for (String role : realmRoles) {
            roles.add(get("/realms/" + realm + "/roles/" + role));
        }
        HttpResponse<String> granted = post("/realms/" + realm + "/users/" + userId + "/role-mappings/realm", roles);
        if (granted.statusCode() != 204) {
            throw new IllegalStateException("granting " + java.util.List.of(realmRoles) + " -> " + granted.statusCode()
                    + ": " + granted.body());
        }
    }

    /** {@code POST} that must create ({@code 201}); anything else fails with Keycloak's answer. */
    public void postCreated(String path, Object body, String what) {
        HttpResponse<String> created = post(path, body);
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating " + what + " -> " + created.statusCode() + ": " + created.body());
        }
    }

    /**
     * Creates an enabled user with a verified e-mail ({@code username@example.org}), a password and these attributes,
     * holding the given realm roles; fails unless Keycloak creates it (an existing user is an error).
     */
    public void createUser(String realm, String username, String firstName, String lastName, String password,
                           java.util.Map<String, java.util.List<String>> attributes, String... realmRoles) {
        postCreated("/realms/" + realm + "/users", java.util.Map.of("username", username, "enabled", true,
                "emailVerified", true, "firstName", firstName, "lastName", lastName, "email", username + "@example.org",
                "attributes", attributes,
                "credentials", java.util.List.of(java.util.Map.of("type", "password", "value", password, "temporary", false))),
                "user " + username);
        if (realmRoles.length > 0) {
            grantRealmRoles(realm, get("/realms/" + realm + "/users?exact=true&username=" + enc(username)).get(0).get("id").asText(),
                    realmRoles);
        }
    }

    /** The server-info document: versions and every installed provider, ours included. */
    public JsonNode serverInfo() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/serverinfo"))
                .header("Authorization", "Bearer " + token()).GET().build());
        return read(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token());
    }

    private synchronized String token() {
        if (token != null && Instant.now().isBefore(tokenExpiry)) {
            return token;
        }
        String form = "grant_type=password&client_id=admin-cli&username=" + enc(server.adminUsername())
                + "&password=" + enc(server.adminPassword());
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(server.baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("admin login failed: " + response.statusCode());
        }
        JsonNode body = read(response.body());
        token = body.get("access_token").asText();
        tokenExpiry = Instant.now().plusSeconds(Math.max(5, body.get("expires_in").asLong() - 10));
        return token;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
