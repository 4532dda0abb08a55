package org.smartfhir.keycloak.registration;

import org.keycloak.OAuthErrorException;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.DynamicClientRegisterContext;
import org.keycloak.services.clientpolicy.context.DynamicClientUpdateContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.smartfhir.keycloak.scope.ScopeCeiling;

/**
 * Applies {@link RegistrationCeilingRule} to the registration endpoints only (Keycloak's dynamic register and update
 * contexts); the admin API's contexts pass untouched. A refusal is RFC 7591 §3.2.2's {@code invalid_client_metadata}.
 */
final class RegistrationCeilingExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        ClientRepresentation proposed;
        String stored = null;
        if (context instanceof DynamicClientRegisterContext register) {
            proposed = register.getProposedClientRepresentation();
        } else if (context instanceof DynamicClientUpdateContext update) {
            proposed = update.getProposedClientRepresentation();
            stored = update.getTargetClient() == null ? null : update.getTargetClient().getAttribute(ScopeCeiling.CLIENT_ATTRIBUTE);
        } else {
            return;
        }
        var problem = RegistrationCeilingRule.problem(stored, proposed == null ? null : proposed.getAttributes());
        if (problem.isPresent()) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_CLIENT_METADATA, problem.get());
        }
    }

    @Override
    public String getProviderId() {
        return RegistrationCeilingExecutorFactory.PROVIDER_ID;
    }
}
