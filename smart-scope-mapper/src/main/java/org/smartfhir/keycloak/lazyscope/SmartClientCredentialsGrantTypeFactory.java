package org.smartfhir.keycloak.lazyscope;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.ClientCredentialsGrantTypeFactory;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;

/**
 * Replaces Keycloak's {@code client_credentials} grant with {@link SmartClientCredentialsGrantType}. It must keep
 * Keycloak's id (the grant type name is the id); the higher {@link #order()} makes Keycloak choose this factory.
 */
public final class SmartClientCredentialsGrantTypeFactory extends ClientCredentialsGrantTypeFactory {

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new SmartClientCredentialsGrantType();
    }

    @Override
    public int order() {
        return 10;
    }
}
