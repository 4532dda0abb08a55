package org.smartfhir.keycloak.discovery;

import org.smartfhir.keycloak.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.wellknown.WellKnownProvider;
import org.keycloak.wellknown.WellKnownProviderFactory;

/**
 * Serves {@code GET /realms/{realm}/.well-known/smart-configuration}.
 *
 * <p>The alias is the provider id. Keycloak picks the lowest priority per alias; we keep the default so that an
 * admin can still shadow the document with a provider of their own, and we never claim
 * {@code openid-configuration}, which would replace Keycloak's OIDC metadata.
 */
public final class SmartConfigurationProviderFactory implements WellKnownProviderFactory, StatelessProviderFactory<WellKnownProvider> {

    public static final String PROVIDER_ID = "smart-configuration";

    @Override
    public WellKnownProvider create(KeycloakSession session) {
        return new SmartConfigurationProvider(session);
    }


    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
