package org.smartfhir.keycloak.spi;

import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.OIDCRedirectUriBuilder;
import org.keycloak.protocol.oidc.utils.OIDCResponseMode;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.http.ErrorDescription;

/**
 * Ends a browser flow with an RFC 6749 §4.1.2.1 error response on the client's redirect URI, which Keycloak validated
 * against the registered ones before the flow started. Carries the app's {@code state} verbatim and {@code iss}
 * (RFC 9207, unless the client opted out), in the response mode the app asked for; the login's browser tab is
 * removed from the authentication session so the same request cannot be resumed. Keycloak's own {@code sendError} only knows a few fixed errors.
 */
public final class OAuthErrorRedirect {

    private OAuthErrorRedirect() {
    }

    public static void fail(AuthenticationFlowContext context, String error, String description) {
        context.getEvent().detail("reason", ErrorDescription.of(description)).error(error);
        context.forceChallenge(build(context.getSession(), context.getRealm(), context.getAuthenticationSession(),
                error, description));
    }

    static Response build(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                          String error, String description) {
        OIDCResponseType responseType = OIDCResponseType.parse(authSession.getClientNote(OIDCLoginProtocol.RESPONSE_TYPE_PARAM));
        OIDCResponseMode mode = OIDCResponseMode.parse(authSession.getClientNote(OIDCLoginProtocol.RESPONSE_MODE_PARAM), responseType);
        OIDCRedirectUriBuilder redirect = OIDCRedirectUriBuilder.fromUri(authSession.getRedirectUri(), mode, session, null);
        redirect.addParam(OAuth2Constants.ERROR, error);
        redirect.addParam(OAuth2Constants.ERROR_DESCRIPTION, ErrorDescription.of(description));
        String state = authSession.getClientNote(OIDCLoginProtocol.STATE_PARAM);
        if (state != null) {
            redirect.addParam(OAuth2Constants.STATE, state);
        }
        if (!OIDCAdvancedConfigWrapper.fromClientModel(authSession.getClient()).isExcludeIssuerFromAuthResponse()) {
            redirect.addParam(OAuth2Constants.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        }
        new AuthenticationSessionManager(session).removeTabIdInAuthenticationSession(realm, authSession);
        return redirect.build();
    }
}
