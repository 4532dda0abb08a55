package org.smartfhir.keycloak.launch.guard;

import org.smartfhir.keycloak.spi.CodeExchangeGuard;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.clientpolicy.context.TokenRefreshContext;
import org.smartfhir.keycloak.launch.SessionContext;
import org.smartfhir.keycloak.launch.context.LaunchContext;
import org.smartfhir.keycloak.scope.Context;
import org.smartfhir.keycloak.scope.ScopeParser;
import org.smartfhir.keycloak.spi.GrantSessions;

/**
 * Launch context at the token endpoint. Requirement D19: an authorization code whose grant holds a {@code patient/}
 * scope is only exchanged when its client session carries a patient. And a refresh continues only under the context
 * its grant was issued with (see {@link #checkRefresh}). The browser-flow steps already guarantee this; this check
 * makes a disabled or removed picker step, or a client-specific flow override, fail closed instead of issuing
 * patient-scoped tokens without a patient.
 */
final class PatientContextExecutor extends CodeExchangeGuard {

    private static final Logger LOG = Logger.getLogger(PatientContextExecutor.class);

    private final KeycloakSession session;

    PatientContextExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    protected void onOtherEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context.getEvent() == ClientPolicyEvent.TOKEN_REFRESH && context instanceof TokenRefreshContext refresh) {
            checkRefresh(refresh);
        }
    }

    @Override
    protected void checkCodeExchange(AuthenticatedClientSessionModel clientSession) throws ClientPolicyException {
        if (ScopeParser.anyResource(clientSession.getNote(OIDCLoginProtocol.SCOPE_PARAM), Context.PATIENT) && SessionContext.of(clientSession, clientSession.getUserSession()).patient() == null) {
            LOG.warnf("client %s: code with patient/ scopes but no patient in context refused (is the smart-patient-picker "
                    + "step in the flow?)", clientSession.getClient().getClientId());
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT, "patient/ scopes were granted without a patient in context");
        }
    }

    /**
     * A refresh token continues only under the launch context it was issued with. Keycloak keeps one client session per
     * app per sign-in, and a second launch of the same app replaces that session's context; without this check the
     * first launch's refresh would quietly continue with the second launch's patient.
     */
    private void checkRefresh(TokenRefreshContext refresh) throws ClientPolicyException {
        String raw = refresh.getParams() == null ? null : refresh.getParams().getFirst("refresh_token");
        RefreshToken token = GrantSessions.presentedRefreshToken(session, raw); // signature-checked
        if (token == null || token.getSessionId() == null || refresh.getClient() == null) {
            return;
        }
        AuthenticatedClientSessionModel clientSession = GrantSessions.clientSession(session, session.getContext().getRealm(),
                token, refresh.getClient().getId());
        if (clientSession == null) {
            return; // Keycloak refuses a refresh without its session
        }
        LaunchContext current = SessionContext.of(clientSession, clientSession.getUserSession());
        Object stamp = token.getOtherClaims().get(SessionContext.FINGERPRINT_CLAIM);
        boolean matches = stamp == null ? current.isEmpty() : stamp.equals(SessionContext.fingerprint(current));
        if (!matches) {
            LOG.debugf("client %s: refresh token of a replaced launch context refused", refresh.getClient().getClientId());
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT,
                    "this grant's launch context was replaced by a newer launch of the app; launch the app again");
        }
    }

    @Override
    public String getProviderId() {
        return PatientContextExecutorFactory.PROVIDER_ID;
    }
}
