package org.smartfhir.keycloak.lazyscope;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.smartfhir.keycloak.scope.GrantContext;

/**
 * Runs on {@code PRE_AUTHORIZATION_REQUEST} (GET and POST authorize, before Keycloak validates scopes) and
 * {@code PUSHED_AUTHORIZATION_REQUEST} (PAR, likewise). It never rejects: an exception here would become an error page
 * before the redirect URI is validated, whereas Keycloak's own scope check that follows answers with a proper
 * {@code invalid_scope} redirect carrying {@code state} (RFC 6749 §4.1.2.1).
 *
 * <p>Scopes inside a signed {@code request} object are not visible at these events; such requests get only scopes
 * that already exist.
 */
final class LazyScopeExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private final KeycloakSession session;

    LazyScopeExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) {
        RealmModel realm = session.getContext().getRealm();
        switch (context.getEvent()) {
            case PRE_AUTHORIZATION_REQUEST -> {
                PreAuthorizationRequestContext pre = (PreAuthorizationRequestContext) context;
                if (pre.getClientId() == null || realm == null) {
                    return;
                }
                ClientModel client = realm.getClientByClientId(pre.getClientId());
                new ClientScopeMaterializer(session).materialize(realm, client,
                        pre.getRequestParameters().getFirst(OAuth2Constants.SCOPE), GrantContext.INTERACTIVE);
            }
            case PUSHED_AUTHORIZATION_REQUEST -> {
                PushedAuthorizationRequestContext par = (PushedAuthorizationRequestContext) context;
                new ClientScopeMaterializer(session).materialize(realm, par.getClient(), par.getScopeParameter(),
                        GrantContext.INTERACTIVE);
            }
            default -> {
                // other events carry no scopes to prepare
            }
        }
    }

    @Override
    public String getProviderId() {
        return LazyScopeExecutorFactory.PROVIDER_ID;
    }
}
