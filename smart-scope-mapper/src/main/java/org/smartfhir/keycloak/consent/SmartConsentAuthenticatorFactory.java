package org.smartfhir.keycloak.consent;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.smartfhir.keycloak.spi.SmartFlowStepFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Browser-flow step showing the SMART consent page: the user sees each requested data permission in plain language,
 * may untick any, may choose categories (e.g. only lab results) instead of a whole resource, or deny the app.
 */
public final class SmartConsentAuthenticatorFactory extends SmartFlowStepFactory {

    public static final String PROVIDER_ID = "smart-consent";
    @Override
    public Authenticator create(KeycloakSession session) {
        return new SmartConsentAuthenticator();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMART consent";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Asks the user which SMART data permissions to grant a SMART app (clients with a SMART scope ceiling), "
                + "with plain-language descriptions, down-scoping and granular categories. Place it after the SMART user "
                + "scope ceiling. Leave Keycloak's own 'Consent required' off for SMART clients.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

}
