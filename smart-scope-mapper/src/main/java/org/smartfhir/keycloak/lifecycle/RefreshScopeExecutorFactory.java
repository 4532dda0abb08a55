package org.smartfhir.keycloak.lifecycle;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;
import org.smartfhir.keycloak.spi.StatelessProviderFactory;

/** Client-policy executor: a refresh may narrow the granted scope, never widen it (SMART F25). */
public final class RefreshScopeExecutorFactory
        implements ClientPolicyExecutorProviderFactory, StatelessProviderFactory<ClientPolicyExecutorProvider> {

    public static final String PROVIDER_ID = "smart-refresh-scope";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new RefreshScopeExecutor(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "A refresh request whose scope parameter names a scope the grant does not hold is refused with "
                + "invalid_scope (Keycloak would silently drop it); narrowing is allowed.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
