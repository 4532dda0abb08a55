package org.smartfhir.keycloak.lazyscope;

import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.services.CorsErrorResponseException;
import org.smartfhir.keycloak.scope.ScopeDecision;
import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantType;
import org.smartfhir.keycloak.scope.GrantContext;

/**
 * Keycloak's {@code client_credentials} grant, preceded by materializing the requested {@code system/} scopes within
 * the backend client's ceiling, and refusing ({@code invalid_scope}) any SMART scope outside it, linked or not. {@code getRequestedScopes()} is where Keycloak reads the scope parameter, after client
 * authentication and before its scope check, so it is the one safe place to hook in.
 */
public final class SmartClientCredentialsGrantType extends ClientCredentialsGrantType {

    @Override
    protected String getRequestedScopes() {
        // Keycloak adds the client's default scopes to the grant next: only the sign-in's own may stay default.
        java.util.List<String> surplus = new DefaultScopeDemotion(session).demote(realm, client);
        if (!surplus.isEmpty()) {
            refuse("the client holds default scopes a SMART backend service must request instead: " + String.join(" ", surplus));
        }
        ScopeDecision decision = new ClientScopeMaterializer(session).materialize(realm, client,
                formParams.getFirst(OAuth2Constants.SCOPE), GrantContext.BACKEND);
        if (decision.rejected()) {
            refuse(decision.rejection().get().reason());
        }
        return super.getRequestedScopes();
    }

    private void refuse(String reason) {
        event.detail(Details.REASON, reason);
        event.error(Errors.INVALID_REQUEST);
        throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_SCOPE, reason, Response.Status.BAD_REQUEST);
    }
}
