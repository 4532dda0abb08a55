package org.smartfhir.keycloak.audit.outbox;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.smartfhir.keycloak.spi.StatelessProviderFactory;

/** The audit outbox table (see {@link AuditRecordEntity}). */
public final class AuditOutboxEntityProviderFactory implements JpaEntityProviderFactory, StatelessProviderFactory<JpaEntityProvider> {

    public static final String PROVIDER_ID = "smart-audit-outbox";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new AuditOutboxEntityProvider();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
