package org.smartfhir.keycloak.launch;

import java.util.Objects;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.launch.context.LaunchContext;
import org.smartfhir.keycloak.spi.GrantNotes;

/**
 * The launch context of a login and of the client session it becomes, always stored together with the id of the user
 * it was chosen for. Keycloak keeps client notes across a "restart login" (and copies them into the restart cookie),
 * so without the owner another person signing in on the same browser would inherit the previous user's patient.
 */
public final class SessionContext {

    private SessionContext() {
    }

    /** The context chosen so far for {@code userId}; a context chosen for anyone else is discarded. */
    public static LaunchContext read(AuthenticationSessionModel authSession, String userId) {
        String owner = authSession.getClientNote(LaunchNotes.CONTEXT_USER);
        String json = authSession.getClientNote(LaunchNotes.CONTEXT);
        if (json != null && !Objects.equals(owner, userId)) {
            clear(authSession);
            return LaunchContext.EMPTY;
        }
        return LaunchContext.fromJson(json).orElse(LaunchContext.EMPTY);
    }

    public static void write(AuthenticationSessionModel authSession, String userId, LaunchContext context) {
        authSession.setClientNote(LaunchNotes.CONTEXT, context.toJson());
        authSession.setClientNote(LaunchNotes.CONTEXT_USER, userId);
        setOrRemove(authSession, GrantNotes.PATIENT, context.patient());
        setOrRemove(authSession, GrantNotes.ENCOUNTER, context.encounter());
    }

    private static void setOrRemove(AuthenticationSessionModel authSession, String note, String value) {
        if (value == null) {
            authSession.removeClientNote(note);
        } else {
            authSession.setClientNote(note, value);
        }
    }

    public static void clear(AuthenticationSessionModel authSession) {
        authSession.removeClientNote(LaunchNotes.CONTEXT);
        authSession.removeClientNote(LaunchNotes.CONTEXT_USER);
        authSession.removeClientNote(GrantNotes.PATIENT);
        authSession.removeClientNote(GrantNotes.ENCOUNTER);
    }

    /** Refresh-token claim: which launch context the grant was issued with. */
    public static final String FINGERPRINT_CLAIM = "smart_ctx";

    /**
     * A digest of the context a client session carries (empty context included), stamped into every refresh token.
     * Keycloak keeps one client session per app per sign-in and a second launch replaces its context; comparing the
     * stamp at refresh stops the first launch's refresh token from continuing under the second launch's patient.
     */
    public static String fingerprint(LaunchContext context) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(context.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The context a client session carries for its user session's user; nothing if it was chosen for someone else. */
    public static LaunchContext of(AuthenticatedClientSessionModel clientSession, UserSessionModel userSession) {
        if (clientSession == null || userSession == null || userSession.getUser() == null) {
            return LaunchContext.EMPTY;
        }
        if (!Objects.equals(clientSession.getNote(LaunchNotes.CONTEXT_USER), userSession.getUser().getId())) {
            return LaunchContext.EMPTY;
        }
        return LaunchContext.fromJson(clientSession.getNote(LaunchNotes.CONTEXT)).orElse(LaunchContext.EMPTY);
    }
}
