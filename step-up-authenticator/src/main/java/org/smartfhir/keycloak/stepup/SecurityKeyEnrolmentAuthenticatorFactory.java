package org.smartfhir.keycloak.stepup;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.smartfhir.keycloak.spi.SmartFlowStepFactory;

/** Registers a security key inside the sign-in when AAL3 is needed and the user has none (see {@link SecurityKeyEnrolmentAuthenticator}). */
public final class SecurityKeyEnrolmentAuthenticatorFactory extends SmartFlowStepFactory {

    public static final String PROVIDER_ID = "smart-security-key-enrolment";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new SecurityKeyEnrolmentAuthenticator();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMART security key enrolment";
    }

    @Override
    public String getHelpText() {
        return "Put in the AAL3 sub-flow before the WebAuthn step: a user without a security key registers one here, "
                + "in the same sign-in, once two factors were used; the WebAuthn step then asks for it. Disable it to "
                + "have keys registered only by other means (the request then ends with unmet_authentication_requirements).";
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
