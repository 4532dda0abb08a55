package org.smartfhir.keycloak.lazyscope;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPolicyConditionConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyVote;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.ClientModelContext;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;
import org.smartfhir.keycloak.scope.ScopeCeiling;

/**
 * Votes YES for clients with a SMART scope ceiling, NO for others. At {@code PRE_AUTHORIZATION_REQUEST} the client
 * is only known by its {@code client_id}, so it is looked up; where no client is known the condition abstains.
 */
final class SmartClientCondition implements ClientPolicyConditionProvider<ClientPolicyConditionConfigurationRepresentation> {

    private final KeycloakSession session;
    private boolean negativeLogic;
    private boolean onlyClientRegistration;

    SmartClientCondition(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void setupConfiguration(ClientPolicyConditionConfigurationRepresentation config) {
        this.negativeLogic = config != null && Boolean.TRUE.equals(config.isNegativeLogic());
        Object only = config == null ? null : config.getConfigAsMap().get(SmartClientConditionFactory.ONLY_CLIENT_REGISTRATION);
        this.onlyClientRegistration = only != null && Boolean.parseBoolean(only.toString());
    }

    @Override
    public boolean isNegativeLogic() {
        return negativeLogic;
    }

    @Override
    public ClientPolicyVote applyPolicy(ClientPolicyContext context) {
        String ceiling;
        if (context instanceof ClientCRUDContext crud) {
            // Registration and update: judge the client as it will be, so hardening executors auto-configure it. An
            // update that does not mention the ceiling keeps the stored one (Keycloak leaves unmentioned attributes
            // alone), so the stored one decides: otherwise leaving it out would skip the SMART registration rules.
            ClientRepresentation proposed = crud.getProposedClientRepresentation();
            if (proposed != null && proposed.getAttributes() != null
                    && proposed.getAttributes().containsKey(ScopeCeiling.CLIENT_ATTRIBUTE)) {
                ceiling = proposed.getAttributes().get(ScopeCeiling.CLIENT_ATTRIBUTE);
            } else if (crud.getTargetClient() != null) {
                ceiling = crud.getTargetClient().getAttribute(ScopeCeiling.CLIENT_ATTRIBUTE);
            } else {
                return ClientPolicyVote.ABSTAIN;
            }
        } else if (onlyClientRegistration) {
            // NO rather than ABSTAIN: an abstaining condition would let the policy apply to every request.
            return ClientPolicyVote.NO;
        } else {
            ClientModel client = clientOf(context);
            if (client == null) {
                return ClientPolicyVote.ABSTAIN;
            }
            ceiling = client.getAttribute(ScopeCeiling.CLIENT_ATTRIBUTE);
        }
        boolean smart = ScopeCeiling.declared(ceiling);
        return smart != negativeLogic ? ClientPolicyVote.YES : ClientPolicyVote.NO;
    }

    /** The client a request is about; the session's client is only trusted at the token endpoint, after authentication. */
    private ClientModel clientOf(ClientPolicyContext context) {
        if (context instanceof ClientModelContext withClient && withClient.getClient() != null) {
            return withClient.getClient();
        }
        RealmModel realm = session.getContext().getRealm();
        if (context instanceof PreAuthorizationRequestContext pre && pre.getClientId() != null && realm != null) {
            return realm.getClientByClientId(pre.getClientId());
        }
        return session.getContext().getClient();
    }

    @Override
    public String getProviderId() {
        return SmartClientConditionFactory.PROVIDER_ID;
    }
}
