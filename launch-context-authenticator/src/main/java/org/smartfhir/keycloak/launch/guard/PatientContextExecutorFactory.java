package org.smartfhir.keycloak.launch.guard;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;
import org.smartfhir.keycloak.spi.StatelessProviderFactory;

/** Client-policy executor: no patient-scoped token without a patient in context (SMART requirement D19). */
public final class PatientContextExecutorFactory
        implements ClientPolicyExecutorProviderFactory, StatelessProviderFactory<ClientPolicyExecutorProvider> {

    public static final String PROVIDER_ID = "smart-patient-context";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new PatientContextExecutor(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Refuses to exchange an authorization code whose grant holds patient/ scopes but no patient in launch "
                + "context, and refuses a refresh token whose launch context was replaced by a newer launch of the same "
                + "app in the same sign-in (both invalid_grant).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
