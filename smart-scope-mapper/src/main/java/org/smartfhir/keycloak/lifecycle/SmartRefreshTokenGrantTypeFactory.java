package org.smartfhir.keycloak.lifecycle;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.RefreshTokenGrantTypeFactory;

/**
 * Replaces Keycloak's {@code refresh_token} grant with {@link SmartRefreshTokenGrantType}. It must keep Keycloak's id
 * (the grant type name is the id); the higher {@link #order()} makes Keycloak choose this factory.
 */
public final class SmartRefreshTokenGrantTypeFactory extends RefreshTokenGrantTypeFactory {

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new SmartRefreshTokenGrantType();
    }

    @Override
    public int order() {
        return 10;
    }
}
