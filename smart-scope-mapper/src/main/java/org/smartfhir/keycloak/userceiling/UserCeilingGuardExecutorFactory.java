package org.smartfhir.keycloak.userceiling;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;
import org.smartfhir.keycloak.spi.StatelessProviderFactory;

/** Client-policy executor: no code exchange for a sign-in that skipped the user ceiling (see {@link UserCeilingGuardExecutor}). */
public final class UserCeilingGuardExecutorFactory
        implements ClientPolicyExecutorProviderFactory, StatelessProviderFactory<ClientPolicyExecutorProvider> {

    public static final String PROVIDER_ID = "smart-user-ceiling-guard";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new UserCeilingGuardExecutor();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Refuses (invalid_grant) to exchange a code whose sign-in did not run the smart-user-scope-ceiling step, "
                + "e.g. a sign-in through an identity provider whose post login flow is not 'smart post broker login'.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
