package org.smartfhir.keycloak.http;

import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Keycloak's bearer-token authentication for the pack's REST endpoints, with every way it fails answered as RFC 6750
 * §3 asks — 401 {@code invalid_token} with a description and {@code WWW-Authenticate} — never Keycloak's bare 401 or a
 * 500. Keycloak 26.7.3 throws {@code NotAuthorizedException} for a header that is not one {@code Bearer <token>}, and a
 * {@code NullPointerException} for a token whose {@code alg} it does not know ({@code AuthenticationManager
 * .verifyIdentityToken}).
 */
public final class BearerCaller {

    private BearerCaller() {
    }

    /** Either the authenticated caller (user and client set) or the 401 to answer. */
    public record Result(AuthenticationManager.AuthResult caller, Response refusal) {
    }

    public static Result authenticate(KeycloakSession session) {
        AuthenticationManager.AuthResult caller;
        try {
            caller = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        } catch (NotAuthorizedException malformed) {
            return refused("the Authorization header must be a single 'Bearer <token>'");
        } catch (RuntimeException unverifiable) {
            return refused("a valid bearer token is required");
        }
        if (caller == null || caller.getUser() == null || caller.getClient() == null) {
            return refused("a valid bearer token is required");
        }
        return new Result(caller, null);
    }

    private static Result refused(String description) {
        return new Result(null, JsonErrors.error(Response.Status.UNAUTHORIZED, "invalid_token", description));
    }
}
