package org.smartfhir.keycloak.stepup;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.smartfhir.keycloak.spi.SmartFlowStepFactory;

/** Marks the levels a WebAuthn step reached (see {@link AssuranceLevelAuthenticator}). */
public final class AssuranceLevelAuthenticatorFactory extends SmartFlowStepFactory {

    public static final String PROVIDER_ID = "smart-assurance-level";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new AssuranceLevelAuthenticator();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMART assurance level reached";
    }

    @Override
    public String getHelpText() {
        return "Put at the end of each level sub-flow: after a WebAuthn proof (passkey or security key) it records "
                + "levels up to AAL3 as reached, so Keycloak does not ask for factors the proof already covers, and it "
                + "records the credentials used for the amr claim.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(AssuranceLevelAuthenticator.PROOF_REQUIRED).label("WebAuthn proof required")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("On in the AAL3 sub-flow: refuse (unmet_authentication_requirements) when no WebAuthn key was used "
                        + "in this authentication, e.g. because the security key enrolment step is off and the user has none.")
                .add()
                .build();
    }
}
