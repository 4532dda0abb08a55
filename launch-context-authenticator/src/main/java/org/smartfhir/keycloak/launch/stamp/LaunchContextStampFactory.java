package org.smartfhir.keycloak.launch.stamp;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorFactory;

/** Binds refresh tokens to the launch context of their grant. */
public final class LaunchContextStampFactory implements TokenPostProcessorFactory {

    public static final String PROVIDER_ID = "smart-launch-context-stamp";

    @Override
    public TokenPostProcessor create(KeycloakSession session) {
        return new LaunchContextStamp();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
