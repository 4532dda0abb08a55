package org.smartfhir.keycloak.stepup;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;
import org.smartfhir.keycloak.spi.StatelessProviderFactory;

/** Client-policy executor: no code exchange below the assurance level its scopes need (see {@link AssuranceGuardExecutor}). */
public final class AssuranceGuardExecutorFactory
        implements ClientPolicyExecutorProviderFactory, StatelessProviderFactory<ClientPolicyExecutorProvider> {

    public static final String PROVIDER_ID = "smart-assurance-guard";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new AssuranceGuardExecutor();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Refuses (invalid_grant) to exchange a code whose sign-in did not reach the assurance level its scopes "
                + "need, as recorded by the smart-step-up step (or, without it, writes AAL3 and everything else AAL2).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
