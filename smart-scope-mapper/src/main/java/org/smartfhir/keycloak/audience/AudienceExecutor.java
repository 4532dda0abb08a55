package org.smartfhir.keycloak.audience;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Checks {@code aud} once Keycloak has validated the client and its redirect URI ({@code AUTHORIZATION_REQUEST}), so a
 * refusal reaches the app as an {@code invalid_request} redirect with {@code state}; for PAR the push itself is refused.
 * The parameter is read from the parsed request, so it is found whether it came in the query, the form or a pushed or
 * signed request.
 */
final class AudienceExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private static final Logger LOG = Logger.getLogger(AudienceExecutor.class);

    private final KeycloakSession session;

    AudienceExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        AuthorizationEndpointRequest request = switch (context.getEvent()) {
            case AUTHORIZATION_REQUEST -> ((AuthorizationRequestContext) context).getAuthorizationEndpointRequest();
            case PUSHED_AUTHORIZATION_REQUEST -> ((PushedAuthorizationRequestContext) context).getRequest();
            default -> null;
        };
        if (request == null) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        FhirAudience.Result result = FhirAudience.check(request.getAdditionalReqParams().get("aud"), request.getResource(),
                FhirAudience.bases(realm.getAttribute(FhirAudience.REALM_ATTRIBUTE)));
        if (result.problem().isPresent()) {
            LOG.debugf("client %s: authorization refused by the aud rule", request.getClientId());
            throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, result.problem().get());
        }
    }

    @Override
    public String getProviderId() {
        return AudienceExecutorFactory.PROVIDER_ID;
    }
}
