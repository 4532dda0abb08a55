package org.smartfhir.keycloak.userceiling;

import org.smartfhir.keycloak.spi.CodeExchangeGuard;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;

/**
 * Fail-closed backstop at the token endpoint: a SMART app's code is exchanged only if its sign-in ran the user scope
 * ceiling step, which every SMART flow of the template runs before launch, picker and consent. A sign-in that skipped
 * the SMART steps — an identity provider connected without the template's post-broker flow, whose sign-in Keycloak
 * finishes outside the browser flow, or a client flow override without them — would otherwise grant what the app
 * asked for within its client ceiling, unconsented and regardless of the user's role (SMART App Launch 2.2 §"Scopes":
 * the grant is what the user may authorize).
 */
final class UserCeilingGuardExecutor extends CodeExchangeGuard {

    private static final Logger LOG = Logger.getLogger(UserCeilingGuardExecutor.class);

    @Override
    protected void checkCodeExchange(AuthenticatedClientSessionModel clientSession) throws ClientPolicyException {
        if (!UserScopeCeilingAuthenticator.APPLIED.equals(clientSession.getNote(UserScopeCeilingAuthenticator.APPLIED_NOTE))) {
            LOG.warnf("client %s: code refused, its sign-in did not run smart-user-scope-ceiling (an identity provider "
                    + "without the post-broker flow 'smart post broker login'?)", clientSession.getClient().getClientId());
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT,
                    "the sign-in did not run the SMART authorization steps; authorize again");
        }
    }

    @Override
    public String getProviderId() {
        return UserCeilingGuardExecutorFactory.PROVIDER_ID;
    }
}
