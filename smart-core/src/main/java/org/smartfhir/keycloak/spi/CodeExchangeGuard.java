package org.smartfhir.keycloak.spi;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.TokenRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * A client-policy executor that checks, when an authorization code is exchanged, what the sign-in behind it recorded in
 * its client session. The exchange is the last point where a grant the flow should not have produced can be refused
 * (RFC 6749 §5.2 {@code invalid_grant}) — a flow step removed, disabled or bypassed fails closed there. Subclasses say
 * what the session must show; an invalid code is left to Keycloak, which refuses it itself.
 */
public abstract class CodeExchangeGuard implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    @Override
    public final void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context.getEvent() != ClientPolicyEvent.TOKEN_REQUEST || !(context instanceof TokenRequestContext token)
                || token.getParseResult() == null) {
            onOtherEvent(context);
            return;
        }
        AuthenticatedClientSessionModel clientSession = token.getParseResult().getClientSession();
        if (clientSession != null) {
            checkCodeExchange(clientSession);
        }
    }

    /** Checks the client session of a code being exchanged; throws to refuse the exchange. */
    protected abstract void checkCodeExchange(AuthenticatedClientSessionModel clientSession) throws ClientPolicyException;

    /** Any other client-policy event; nothing by default. */
    protected void onOtherEvent(ClientPolicyContext context) throws ClientPolicyException {
    }
}
