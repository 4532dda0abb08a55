package org.smartfhir.keycloak.consent;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * Browser-flow step showing the SMART consent page: the user sees each requested data permission in plain language,
 * may untick any, may choose categories (e.g. only lab results) instead of a whole resource, or deny the app.
 */
public final class SmartConsentAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "smart-consent";
    private static final Requirement[] REQUIREMENTS = {Requirement.REQUIRED, Requirement.DISABLED};

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
    public String getReferenceCategory() {
        return "smart";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public boolean isUserSetupAllowed() {
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

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
