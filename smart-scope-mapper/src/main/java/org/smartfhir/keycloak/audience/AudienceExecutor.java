package org.smartfhir.keycloak.audience;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

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
        AuthorizationEndpointRequest request;
        ClientModel client;
        AuthenticationSessionModel authSession = null;
        switch (context.getEvent()) {
            case AUTHORIZATION_REQUEST -> {
                AuthorizationRequestContext authz = (AuthorizationRequestContext) context;
                request = authz.getAuthorizationEndpointRequest();
                client = authz.getClient();
                authSession = authz.getAuthenticationSession();
            }
            case PUSHED_AUTHORIZATION_REQUEST -> {
                PushedAuthorizationRequestContext par = (PushedAuthorizationRequestContext) context;
                request = par.getRequest();
                client = par.getClient();
            }
            default -> {
                return;
            }
        }
        if (request == null) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        FhirAudience.Result result = FhirAudience.check(request.getAdditionalReqParams().get("aud"), request.getResource(),
                FhirAudience.bases(realm.getAttribute(FhirAudience.REALM_ATTRIBUTE)));
        if (result.problem().isPresent()) {
            LOG.debugf("client %s: authorization refused by the aud rule", client == null ? "?" : client.getClientId());
            throw new ClientPolicyException(OAuthErrorException.INVALID_REQUEST, result.problem().get());
        }
        if (authSession != null) {
            // Whether it came as aud or resource, the token's audience is the matched base (copied to the client session).
            authSession.setClientNote(FhirAudienceTokenPostProcessor.VALIDATED_AUD_NOTE, result.base().get());
        }
    }

    @Override
    public String getProviderId() {
        return AudienceExecutorFactory.PROVIDER_ID;
    }
}
