package org.smartfhir.keycloak.requiredactions;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.smartfhir.keycloak.spi.SmartFlowStepFactory;

/**
 * Browser-flow step running the user's required actions (second-factor set-up and the like) inside the flow, before
 * the SMART steps that show protected health information (patient picker, consent).
 */
public final class RequiredActionsFirstAuthenticatorFactory extends SmartFlowStepFactory {

    public static final String PROVIDER_ID = "smart-required-actions-first";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new RequiredActionsFirstAuthenticator();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMART required actions first";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Runs the user's pending required actions (set up an authenticator app or security key, update the "
                + "password, accept terms) here, inside the flow, instead of after it. Place it right after sign-in and "
                + "before the patient picker and SMART consent, so a first sign-in sets up its second factor before it "
                + "sees any patient data.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
