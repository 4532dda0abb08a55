package org.smartfhir.keycloak.audit.api;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.smartfhir.keycloak.spi.RealmResource;
import org.smartfhir.keycloak.spi.StatelessProviderFactory;

/** {@code /realms/{realm}/smart-audit}: search, export and chain verification (see {@link AuditResource}). */
public final class AuditResourceProviderFactory implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "smart-audit";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResource(new AuditResource(session));
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
