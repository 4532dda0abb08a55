package org.smartfhir.keycloak.lazyscope;

import org.keycloak.OAuth2Constants;
import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantType;
import org.smartfhir.keycloak.scope.GrantContext;

/**
 * Keycloak's {@code client_credentials} grant, preceded by materializing the requested {@code system/} scopes within
 * the backend client's ceiling. {@code getRequestedScopes()} is where Keycloak reads the scope parameter, after client
 * authentication and before its scope check, so it is the one safe place to hook in.
 */
public final class SmartClientCredentialsGrantType extends ClientCredentialsGrantType {

    @Override
    protected String getRequestedScopes() {
        new ClientScopeMaterializer(session).materialize(realm, client, formParams.getFirst(OAuth2Constants.SCOPE),
                GrantContext.BACKEND);
        return super.getRequestedScopes();
    }
}
