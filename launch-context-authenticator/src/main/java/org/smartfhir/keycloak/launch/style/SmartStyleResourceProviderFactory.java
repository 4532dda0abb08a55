package org.smartfhir.keycloak.launch.style;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.smartfhir.keycloak.spi.RealmResource;
import org.smartfhir.keycloak.spi.StatelessProviderFactory;

/** Mounts {@link SmartStyleResource} at {@code /realms/{realm}/smart-style}. */
public final class SmartStyleResourceProviderFactory
        implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "smart-style";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResource(new SmartStyleResource(session));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
