package org.smartfhir.keycloak.audience;

import java.util.List;

import org.smartfhir.keycloak.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** Client-policy executor enforcing the SMART {@code aud} parameter at the authorization and PAR endpoints. */
public final class AudienceExecutorFactory implements ClientPolicyExecutorProviderFactory, StatelessProviderFactory<ClientPolicyExecutorProvider> {

    public static final String PROVIDER_ID = "smart-audience";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new AudienceExecutor(session);
    }


    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Refuses authorization requests whose aud (or resource) parameter is missing or is not one of the realm's "
                + "FHIR base URLs (realm attribute smart.fhir.base.urls; trailing slash ignored). The app then receives "
                + "error=invalid_request with its state.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
