package org.smartfhir.keycloak.registration;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;
import org.smartfhir.keycloak.spi.StatelessProviderFactory;

/** Client-policy executor keeping the SMART scope ceiling out of the apps' own hands at the registration endpoints. */
public final class RegistrationCeilingExecutorFactory implements ClientPolicyExecutorProviderFactory,
        StatelessProviderFactory<ClientPolicyExecutorProvider> {

    public static final String PROVIDER_ID = "smart-registration-ceiling-guard";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new RegistrationCeilingExecutor();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Refuses client registration requests (the /clients-registrations endpoints an app calls with an initial "
                + "or registration access token) that set, change or remove the client attribute smart.scope.ceiling: "
                + "only administrators decide what a SMART app may be granted. The admin console and admin API are not "
                + "affected. Apply it to every client (condition any-client).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
