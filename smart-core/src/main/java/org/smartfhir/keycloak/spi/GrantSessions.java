package org.smartfhir.keycloak.spi;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.RefreshToken;
import org.keycloak.util.TokenUtil;

/** The sessions a refresh token belongs to: its sign-in (online, or offline for offline tokens) and the app's part of it. */
public final class GrantSessions {

    private static final String PRESENTED = GrantSessions.class.getName() + ".presented";

    private GrantSessions() {
    }

    /**
     * The refresh token a token request presents, signature-checked (a forged token must never steer a decision about
     * someone else's grant), or {@code null}. Decoded once per request, however many of the pack's executors ask.
     */
    public static RefreshToken presentedRefreshToken(KeycloakSession session, String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (session.getAttribute(PRESENTED) instanceof Presented p && p.raw().equals(raw)) {
            return p.token();
        }
        RefreshToken token = session.tokens().decode(raw, RefreshToken.class);
        session.setAttribute(PRESENTED, new Presented(raw, token));
        return token;
    }

    private record Presented(String raw, RefreshToken token) {
    }

    public static UserSessionModel userSession(KeycloakSession session, RealmModel realm, RefreshToken token) {
        if (token == null || token.getSessionId() == null) {
            return null;
        }
        return TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType())
                ? session.sessions().getOfflineUserSession(realm, token.getSessionId())
                : session.sessions().getUserSession(realm, token.getSessionId());
    }

    /** The client session of {@code clientUuid} in the token's sign-in, or {@code null}. */
    public static AuthenticatedClientSessionModel clientSession(KeycloakSession session, RealmModel realm, RefreshToken token,
                                                                String clientUuid) {
        UserSessionModel userSession = userSession(session, realm, token);
        return userSession == null ? null : userSession.getAuthenticatedClientSessionByClient(clientUuid);
    }
}
