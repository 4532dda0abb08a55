package org.smartfhir.keycloak.spi;

import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;

/**
 * Base for the pack's browser-flow steps. They are security checks, so an admin may only make them REQUIRED or turn
 * them off: ALTERNATIVE would let any other step in the same flow skip them.
 */
public abstract class SmartFlowStepFactory implements AuthenticatorFactory, StatelessProviderFactory<Authenticator> {

    private static final Requirement[] REQUIREMENTS = {Requirement.REQUIRED, Requirement.DISABLED};

    @Override
    public String getReferenceCategory() {
        return "smart";
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIREMENTS.clone();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }
}
