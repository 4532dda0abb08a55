package org.smartfhir.keycloak.launch.api;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.smartfhir.keycloak.spi.RealmResource;
import org.smartfhir.keycloak.spi.StatelessProviderFactory;

/** Mounts {@link EhrLaunchResource} at {@code /realms/{realm}/smart-launch}. */
public final class EhrLaunchResourceProviderFactory
        implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "smart-launch";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResource(new EhrLaunchResource(session));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
