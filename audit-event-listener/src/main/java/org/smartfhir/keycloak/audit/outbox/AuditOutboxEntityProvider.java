package org.smartfhir.keycloak.audit.outbox;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Registers the outbox tables (records, per-sink delivery state, purge anchors) with Keycloak's JPA layer; Keycloak runs the Liquibase changelog at start. */
final class AuditOutboxEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(AuditRecordEntity.class, SinkStateEntity.class, ChainAnchorEntity.class, ChainHeadEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/smart-audit-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return AuditOutboxEntityProviderFactory.PROVIDER_ID;
    }

    @Override
    public void close() {
    }
}
