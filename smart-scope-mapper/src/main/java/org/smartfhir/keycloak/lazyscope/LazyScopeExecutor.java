package org.smartfhir.keycloak.lazyscope;

import java.util.List;

import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.par.clientpolicy.context.PushedAuthorizationRequestContext;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.AuthorizationRequestContext;
import org.keycloak.services.clientpolicy.context.PreAuthorizationRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.smartfhir.keycloak.scope.GrantContext;
import org.smartfhir.keycloak.scope.ScopeDecision;

/**
 * Runs on {@code PRE_AUTHORIZATION_REQUEST} (GET and POST authorize, before Keycloak validates scopes) to create
 * scopes, never rejecting there: an exception at that point would become an error page before the redirect URI is
 * validated. It refuses at {@code AUTHORIZATION_REQUEST}, after that validation, so the app gets an
 * {@code invalid_scope} redirect with {@code state} (RFC 6749 §4.1.2.1); PAR ({@code PUSHED_AUTHORIZATION_REQUEST})
 * creates and refuses in one step.
 *
 * <p>Scopes inside a signed {@code request} object are not visible at these events; such requests get only scopes
 * that already exist.
 *
 * <p>At the same events, and wherever Keycloak reads the client's default scopes again to build a grant's claims
 * (code exchange, refresh, userinfo, the other token grants), it makes the client's surplus default scopes optional
 * ({@link DefaultScopeDemotion}): a SMART app gets what it requested, not Keycloak's {@code profile email roles}. Where
 * that fails the request is refused rather than granted with claims nobody asked for.
 */
final class LazyScopeExecutor implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private final KeycloakSession session;

    LazyScopeExecutor(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        RealmModel realm = session.getContext().getRealm();
        switch (context.getEvent()) {
            case PRE_AUTHORIZATION_REQUEST -> {
                PreAuthorizationRequestContext pre = (PreAuthorizationRequestContext) context;
                if (pre.getClientId() == null || realm == null) {
                    return;
                }
                ClientModel client = realm.getClientByClientId(pre.getClientId());
                // Not refused here (no redirect URI checked yet): AUTHORIZATION_REQUEST refuses if this did not hold.
                new DefaultScopeDemotion(session).demote(realm, client);
                new ClientScopeMaterializer(session).materialize(realm, client,
                        pre.getRequestParameters().getFirst(OAuth2Constants.SCOPE), GrantContext.INTERACTIVE);
            }
            case PUSHED_AUTHORIZATION_REQUEST -> {
                PushedAuthorizationRequestContext par = (PushedAuthorizationRequestContext) context;
                refuseIfSurplusDefaults(realm, par.getClient());
                refuseIfRejected(new ClientScopeMaterializer(session).materialize(realm, par.getClient(),
                        par.getScopeParameter(), GrantContext.INTERACTIVE));
            }
            case AUTHORIZATION_REQUEST -> {
                // After the client and redirect URI are validated: a refusal here is a redirect with state. It covers
                // scopes linked earlier that the current ceiling no longer allows, and scopes from a request object.
                AuthorizationRequestContext authz = (AuthorizationRequestContext) context;
                refuseIfSurplusDefaults(realm, authz.getClient());
                refuseIfRejected(ClientScopeMaterializer.decide(authz.getClient(), authz.getScopeParameter(),
                        GrantContext.INTERACTIVE));
            }
            // Keycloak recomputes the grant's claims from the client's current default scopes at each of these.
            case TOKEN_REQUEST, TOKEN_REFRESH, USERINFO_REQUEST, TOKEN_EXCHANGE_REQUEST, JWT_AUTHORIZATION_GRANT,
                    DEVICE_TOKEN_REQUEST, BACKCHANNEL_TOKEN_REQUEST -> refuseIfSurplusDefaults(realm, session.getContext().getClient());
            default -> {
                // other events carry no scopes to prepare
            }
        }
    }

    private void refuseIfSurplusDefaults(RealmModel realm, ClientModel client) throws ClientPolicyException {
        List<String> left = new DefaultScopeDemotion(session).demote(realm, client);
        if (!left.isEmpty()) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_SCOPE, "the client holds default scopes a SMART app"
                    + " must request instead: " + String.join(" ", left));
        }
    }

    private static void refuseIfRejected(ScopeDecision decision) throws ClientPolicyException {
        if (decision.rejected()) {
            throw new ClientPolicyException(OAuthErrorException.INVALID_SCOPE, decision.rejection().get().reason());
        }
    }

    @Override
    public String getProviderId() {
        return LazyScopeExecutorFactory.PROVIDER_ID;
    }
}
