package org.smartfhir.keycloak.lifecycle;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.RefreshToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.TokenRefreshContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.smartfhir.keycloak.spi.GrantSessions;

/**
 * Refresh-token reuse detection (OAuth 2.0 Security BCP §4.14.2, issue requirement "reuse revokes the family"). With
 * rotation on, a refresh token that was already exchanged for a newer one can only come from a copy: either the app
 * or an attacker holds a stolen token, and nobody can tell which. Keycloak refuses the stale token but leaves the grant
 * alive, so the thief's newer token keeps working. Here the whole grant of that app in that sign-in (its client
 * session, online or offline) is revoked in its own transaction, and a {@code REFRESH_TOKEN_ERROR} event with error
 * {@value #ERROR} records it for the audit trail.
 */
final class RefreshReuseExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private static final Logger LOG = Logger.getLogger(RefreshReuseExecutor.class);
    static final String ERROR = "refresh_token_reuse";

    private final KeycloakSession session;

    RefreshReuseExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context.getEvent() != ClientPolicyEvent.TOKEN_REFRESH || !(context instanceof TokenRefreshContext refresh)
                || refresh.getClient() == null || refresh.getParams() == null) {
            return;
        }
        RealmModel realm = session.getContext().getRealm();
        if (!realm.isRevokeRefreshToken()) {
            return; // without rotation an old token is not evidence of theft
        }
        String raw = refresh.getParams().getFirst("refresh_token");
        // Signature-checked: a forged token must never be able to revoke someone else's grant.
        RefreshToken token = GrantSessions.presentedRefreshToken(session, raw);
        if (token == null || token.getSessionId() == null || token.getId() == null || token.getIat() == null
                || !refresh.getClient().getClientId().equals(token.getIssuedFor())) {
            return;
        }
        AuthenticatedClientSessionModel clientSession = GrantSessions.clientSession(session, realm, token, refresh.getClient().getId());
        if (clientSession == null) {
            return;
        }
        String key = String.valueOf(token.getOtherClaims().getOrDefault("reuse_id", ""));
        String current = clientSession.getRefreshToken(key);
        int lastRefresh = clientSession.getRefreshTokenLastRefresh(key);
        // Keycloak records the refresh token used last and how often: the same token once more than the realm's reuse
        // allowance, or an older token than the one used last, is a copy in someone else's hands.
        boolean usedUp = token.getId().equals(current) && clientSession.getRefreshTokenUseCount(key) > realm.getRefreshTokenMaxReuse();
        boolean stale = current != null && !token.getId().equals(current) && token.getIat() < lastRefresh;
        if (!usedUp && !stale) {
            return;
        }
        revoke(realm, token, refresh.getClient().getId(), clientSession.getUserSession().getUser().getId());
        LOG.warnf("client %s: a rotated refresh token was used again; the grant is revoked", refresh.getClient().getClientId());
        throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT,
                "refresh token reuse detected: the grant is revoked, sign in again");
    }

    /**
     * In its own transaction, with its event, so both stand although this request ends in an error (whose
     * transaction Keycloak rolls back).
     */
    private void revoke(RealmModel realm, RefreshToken token, String clientUuid, String userId) {
        String realmId = realm.getId();
        String sessionId = token.getSessionId();
        var connection = session.getContext().getConnection();
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), inner -> {
            RealmModel innerRealm = inner.realms().getRealm(realmId);
            inner.getContext().setRealm(innerRealm);
            AuthenticatedClientSessionModel clientSession = GrantSessions.clientSession(inner, innerRealm, token, clientUuid);
            if (clientSession != null) {
                clientSession.detachFromUserSession();
            }
            new EventBuilder(innerRealm, inner, connection).event(EventType.REFRESH_TOKEN)
                    .client(token.getIssuedFor()).user(userId).session(sessionId)
                    .detail("refresh_token_id", token.getId()).detail("reason", "reuse of a rotated refresh token; grant revoked")
                    .error(ERROR);
        });
    }

    @Override
    public String getProviderId() {
        return RefreshReuseExecutorFactory.PROVIDER_ID;
    }
}
