package org.smartfhir.keycloak.stepup.upstream;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.smartfhir.keycloak.spi.SmartFlowStepFactory;

/** The post-broker step that credits the upstream sign-in (see {@link UpstreamAssuranceAuthenticator}). */
public final class UpstreamAssuranceAuthenticatorFactory extends SmartFlowStepFactory {

    public static final String PROVIDER_ID = "smart-upstream-assurance";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new UpstreamAssuranceAuthenticator();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMART upstream assurance";
    }

    @Override
    public String getHelpText() {
        return "First step of a post-broker login flow: the identity provider's sign-in counts as AAL1, or as the level "
                + "its 'SMART upstream assurance level' mapper read from acr/amr or the SAML AuthnContextClassRef. The level "
                + "conditions after it ask locally for what is still missing.";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
