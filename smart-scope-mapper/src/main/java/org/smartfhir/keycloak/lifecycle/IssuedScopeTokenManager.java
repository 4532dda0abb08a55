package org.smartfhir.keycloak.lifecycle;

import java.util.Objects;

import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;

/**
 * Keycloak's token manager whose token responses state the scope of the access token they carry (RFC 6749 §5.1), see
 * {@link SmartRefreshTokenGrantType}. Only the response builder differs; Keycloak's manager holds no state, so a
 * per-request instance behaves as Keycloak's own.
 */
final class IssuedScopeTokenManager extends TokenManager {

    @Override
    public AccessTokenResponseBuilder responseBuilder(RealmModel realm, ClientModel client, EventBuilder event,
                                                      KeycloakSession session, UserSessionModel userSession,
                                                      ClientSessionContext clientSessionCtx) {
        return new IssuedScopeResponseBuilder(realm, client, event, session, userSession, clientSessionCtx, this);
    }

    private static final class IssuedScopeResponseBuilder extends AccessTokenResponseBuilder {

        private final EventBuilder event;

        IssuedScopeResponseBuilder(RealmModel realm, ClientModel client, EventBuilder event, KeycloakSession session,
                                   UserSessionModel userSession, ClientSessionContext clientSessionCtx, TokenManager tokenManager) {
            super(realm, client, event, session, userSession, clientSessionCtx, tokenManager);
            this.event = event;
        }

        /** Keycloak's response, with {@code scope} (and the event detail) taken from the access token it carries. */
        @Override
        public AccessTokenResponse build() {
            AccessTokenResponse response = super.build();
            AccessToken token = getAccessToken();
            if (token != null && token.getScope() != null && !Objects.equals(token.getScope(), response.getScope())) {
                response.setScope(token.getScope());
                event.detail(Details.SCOPE, token.getScope());
            }
            return response;
        }
    }
}
