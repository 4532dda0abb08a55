package org.smartfhir.keycloak.lifecycle;

import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.RefreshToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.TokenRefreshContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.smartfhir.keycloak.scope.RefreshScopes;
import org.smartfhir.keycloak.spi.GrantSessions;

/**
 * A refresh may narrow the grant's scope, never widen it (RFC 6749 §6, SMART requirement F25): see
 * {@link RefreshScopes}. A token Keycloak would refuse anyway (forged, another client's, expired) is left to Keycloak's
 * own refusal, so the answer for it stays {@code invalid_grant}.
 */
final class RefreshScopeExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private static final Logger LOG = Logger.getLogger(RefreshScopeExecutor.class);

    private final KeycloakSession session;

    RefreshScopeExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context.getEvent() != ClientPolicyEvent.TOKEN_REFRESH || !(context instanceof TokenRefreshContext refresh)
                || refresh.getClient() == null || refresh.getParams() == null) {
            return;
        }
        String requested = refresh.getParams().getFirst("scope");
        if (requested == null || requested.isBlank()) {
            return;
        }
        RefreshToken token = GrantSessions.presentedRefreshToken(session, refresh.getParams().getFirst("refresh_token"));
        if (token == null || !refresh.getClient().getClientId().equals(token.getIssuedFor())) {
            return;
        }
        Set<String> missing = RefreshScopes.notGranted(requested, token.getScope());
        if (!missing.isEmpty()) {
            LOG.debugf("client %s: refresh asked for %d scope(s) outside its grant", refresh.getClient().getClientId(), missing.size());
            throw new ClientPolicyException(OAuthErrorException.INVALID_SCOPE,
                    "a refresh can only narrow the granted scope; " + missing.size() + " requested scope(s) were not granted");
        }
    }

    @Override
    public String getProviderId() {
        return RefreshScopeExecutorFactory.PROVIDER_ID;
    }
}
