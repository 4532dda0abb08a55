package org.smartfhir.keycloak.lazyscope;

import java.util.List;

import org.smartfhir.keycloak.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Client-policy executor that materializes requested SMART scopes at the authorization and PAR endpoints. */
public final class LazyScopeExecutorFactory implements ClientPolicyExecutorProviderFactory, StatelessProviderFactory<ClientPolicyExecutorProvider> {

    public static final String PROVIDER_ID = "smart-lazy-scopes";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new LazyScopeExecutor(session);
    }


    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Creates the SMART scopes a client requests (e.g. patient/Observation.rs?category=...) as client scopes on "
                + "first use and links them to the client as optional, but only when they are within the client's SMART "
                + "scope ceiling (client attribute smart.scope.ceiling). Anything else is left to Keycloak, which answers "
                + "invalid_scope.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
