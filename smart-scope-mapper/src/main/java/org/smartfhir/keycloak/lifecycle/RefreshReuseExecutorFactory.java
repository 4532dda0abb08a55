package org.smartfhir.keycloak.lifecycle;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;
import org.smartfhir.keycloak.spi.StatelessProviderFactory;

/** Client-policy executor: reuse of a rotated refresh token revokes the app's whole grant in that sign-in. */
public final class RefreshReuseExecutorFactory
        implements ClientPolicyExecutorProviderFactory, StatelessProviderFactory<ClientPolicyExecutorProvider> {

    public static final String PROVIDER_ID = "smart-refresh-reuse";

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new RefreshReuseExecutor(session);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "With refresh token rotation on (realm 'Revoke refresh token'), a refresh token that was already exchanged "
                + "for a newer one revokes the app's grant in that sign-in (online or offline), answers invalid_grant and "
                + "records a REFRESH_TOKEN_ERROR event with error refresh_token_reuse.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
