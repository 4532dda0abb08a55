package org.smartfhir.keycloak.launch.ehr;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.smartfhir.keycloak.spi.SmartFlowStepFactory;

/** Browser-flow step for the SMART EHR launch: turns the {@code launch} parameter into launch context. */
public final class EhrLaunchAuthenticatorFactory extends SmartFlowStepFactory {

    public static final String PROVIDER_ID = "smart-ehr-launch";
    static final String UNBOUND_ROLES = "unbound.roles";
    static final String DEFAULT_UNBOUND_ROLES = "smart-clinician";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(UNBOUND_ROLES).label("Roles that may open unbound launches")
            .helpText("A launch minted without 'user' may only be opened by holders of these realm roles (comma-separated) "
                    + "or by a user linked to the launch's patient. Bind launches to the user whenever the EHR knows them.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_UNBOUND_ROLES).add()
            .build();

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
        return true;
    }

    @Override
    public String getHelpText() {
        return "Consumes the launch handle an EHR minted at /realms/{realm}/smart-launch and gives the app its patient, "
                + "encounter and other context. Unknown, expired, reused or foreign handles end the login with an "
                + "OAuth error. Place it after the user is authenticated, before the patient picker and consent.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }
}
