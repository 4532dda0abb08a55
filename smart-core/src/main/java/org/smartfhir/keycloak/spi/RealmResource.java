package org.smartfhir.keycloak.spi;

import org.keycloak.services.resource.RealmResourceProvider;

/** A per-request JAX-RS resource handed to Keycloak under {@code /realms/{realm}/{factory id}}. */
public final class RealmResource implements RealmResourceProvider {

    private final Object resource;

    public RealmResource(Object resource) {
        this.resource = resource;
    }

    @Override
    public Object getResource() {
        return resource;
    }

    @Override
    public void close() {
    }
}
