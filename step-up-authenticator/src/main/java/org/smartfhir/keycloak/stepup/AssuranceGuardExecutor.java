package org.smartfhir.keycloak.stepup;

import org.smartfhir.keycloak.spi.CodeExchangeGuard;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.smartfhir.keycloak.assurance.AssuranceLevel;

/**
 * Fail-closed backstop at the token endpoint: a code is exchanged only if the sign-in behind it reached the level its
 * scopes need. The browser flow's {@code smart-step-up} step records that level; if the step is missing (removed,
 * disabled, or a client-specific flow without it) the level is worked out here with the default rules — writes need
 * AAL3, everything AAL2 — so a flow misconfiguration denies instead of issuing write access on a password.
 */
final class AssuranceGuardExecutor extends CodeExchangeGuard {

    private static final Logger LOG = Logger.getLogger(AssuranceGuardExecutor.class);

    @Override
    protected void checkCodeExchange(AuthenticatedClientSessionModel clientSession) throws ClientPolicyException {
        int required = required(clientSession);
        int reached = AcrStore.getCurrentLevelOfAuthentication(clientSession);
        if (reached < required) {
            LOG.warnf("client %s: code refused, its sign-in reached level %d but its scopes need %d (is smart-step-up in the "
                    + "browser flow?)", clientSession.getClient().getClientId(), reached, required);
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT,
                    "the sign-in did not reach the assurance level the granted scopes need; authorize again");
        }
    }

    private static int required(AuthenticatedClientSessionModel clientSession) {
        String recorded = clientSession.getNote(StepUpAuthenticator.REQUIRED_LEVEL_NOTE);
        if (recorded == null) {
            return StepUpPolicy.of(java.util.Map.of()).required(clientSession.getNote(OIDCLoginProtocol.SCOPE_PARAM)).loa();
        }
        try {
            return Integer.parseInt(recorded);
        } catch (NumberFormatException e) {
            return AssuranceLevel.AAL3.loa();
        }
    }

    @Override
    public String getProviderId() {
        return AssuranceGuardExecutorFactory.PROVIDER_ID;
    }
}
