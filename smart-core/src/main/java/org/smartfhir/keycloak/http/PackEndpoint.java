package org.smartfhir.keycloak.http;

import java.util.regex.Pattern;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What one of the pack's REST endpoints accepts, for {@link PackRequestScreen}: its path under a realm, the method that
 * carries a body and that body's media type, and the single representation it answers.
 *
 * @param path           the path below {@code realms/{realm}/}, a regular expression (e.g. {@code smart-audit(/.*)?})
 * @param bodyMethod     the method whose body the endpoint reads ({@code POST}), or {@code null} for read-only endpoints
 * @param body           that body's media type, or {@code null}
 * @param wrongBody      the status for a well-formed but different {@code Content-Type} (400 or 415)
 * @param representation what the endpoint answers whatever the {@code Accept} header, or {@code null} for {@code *}/{@code *}
 */
public record PackEndpoint(Pattern path, String bodyMethod, MediaType body, Response.Status wrongBody, MediaType representation) {

    /** An endpoint that takes no body. */
    public static PackEndpoint read(String path, MediaType representation) {
        return new PackEndpoint(realmPath(path), null, null, null, representation);
    }

    /** An endpoint that reads a {@code body} sent with {@code method}. */
    public static PackEndpoint write(String path, String method, MediaType body, Response.Status wrongBody) {
        return new PackEndpoint(realmPath(path), method, body, wrongBody, MediaType.APPLICATION_JSON_TYPE);
    }

    /**
     * Keycloak may run under a relative path ({@code /auth}); matrix parameters and a trailing slash reach the same
     * resource. The admin API ({@code /admin/realms/…}) is Keycloak's, never screened.
     */
    private static Pattern realmPath(String path) {
        return Pattern.compile("(^|.*/)(?<!(^|/)admin/)realms/[^/]+/(" + path + ")(;[^/]*)?/?$");
    }

    public boolean matches(String requestPath) {
        return requestPath != null && path.matcher(requestPath).matches();
    }
}
