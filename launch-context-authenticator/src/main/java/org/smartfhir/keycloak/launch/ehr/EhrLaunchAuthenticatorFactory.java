package org.smartfhir.keycloak.launch.ehr;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.smartfhir.keycloak.spi.SmartFlowStepFactory;

/** Browser-flow step for the SMART EHR launch: turns the {@code launch} parameter into launch context. */
public final class EhrLaunchAuthenticatorFactory extends SmartFlowStepFactory {

    public static final String PROVIDER_ID = "smart-ehr-launch";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new EhrLaunchAuthenticator();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMART EHR launch";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Consumes the launch handle an EHR minted at /realms/{realm}/smart-launch and gives the app its patient, "
                + "encounter and other context. Unknown, expired, reused or foreign handles end the login with an "
                + "OAuth error. Place it after the user is authenticated, before the patient picker and consent.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
