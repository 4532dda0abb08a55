package org.smartfhir.keycloak.launch.introspect;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.smartfhir.keycloak.spi.RealmResource;
import org.smartfhir.keycloak.spi.StatelessProviderFactory;

/** Mounts {@link SmartIntrospectionResource} at {@code /realms/{realm}/smart-introspect}. */
public final class SmartIntrospectionResourceProviderFactory
        implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "smart-introspect";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResource(new SmartIntrospectionResource(session));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
