package org.smartfhir.keycloak.stepup;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.assurance.AuthenticationMethods;
import org.smartfhir.keycloak.spi.OAuthErrorRedirect;
import org.smartfhir.keycloak.spi.SmartFlowStep;

/**
 * Ends each level sub-flow, and runs once more after the whole authentication. Keycloak counts levels one sub-flow at a time, so after a passkey (in the level-1 sub-flow)
 * it would still ask for a second factor at level 2 and a WebAuthn proof at level 3; when this authentication used a
 * WebAuthn credential (passkey or security key, user verification required by the realm's policies) this step marks
 * every level up to AAL3 as reached now, and Keycloak's level conditions skip what is met. It also records the
 * credential types the sign-in used, merged with the earlier ones of the same browser session, for {@link AmrMapper}.
 */
final class AssuranceLevelAuthenticator extends SmartFlowStep {

    /** OpenID Connect Core 1.0 (errata set 2) §3.1.2.6: the requested authentication cannot be performed. */
    static final String UNMET = "unmet_authentication_requirements";

    /** User-session note: space-separated credential types the sign-in used so far. */
    static final String METHODS_NOTE = "smart.authn.credentials";
    /** Configuration: this level needs a WebAuthn proof in this very authentication (the AAL3 sub-flow). */
    static final String PROOF_REQUIRED = "webauthn.required";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        List<String> now = AuthenticatorUtil.getAuthnCredentials(authSession);
        if (Boolean.parseBoolean(config(context).get(PROOF_REQUIRED)) && !AuthenticationMethods.reachesAal3(now)) {
            // Keycloak skips a WebAuthn step the user has no key for and queues the key's registration instead; that
            // would grant AAL3 on registering a key in an AAL2 session (NIST SP 800-63B §6.1.2.1 binds an AAL3
            // authenticator only at AAL3). The user registers the key at the next sign-in and steps up with it then.
            OAuthErrorRedirect.fail(context, UNMET, "this access needs a WebAuthn security key or passkey; register one at "
                    + "your next sign-in, then try again");
            return;
        }
        if (AuthenticationMethods.reachesAal3(now)) {
            AcrStore acr = new AcrStore(context.getSession(), authSession);
            for (int loa = 1; loa <= 3; loa++) {
                acr.setLevelAuthenticated(loa);
            }
            // Keycloak reports the level the request asked for; report what the proof reached. Inside a level
            // sub-flow the later level conditions overwrite this, so the template runs the step once more right
            // after authentication, where it sticks.
            acr.setLevelAuthenticatedToCurrentRequest(3);
        }
        Set<String> methods = new LinkedHashSet<>(split(previous(context)));
        methods.addAll(now);
        authSession.setUserSessionNote(METHODS_NOTE, String.join(" ", methods));
        context.success();
    }

    /** What this authentication recorded already, else what the browser's existing sign-in recorded. */
    private static String previous(AuthenticationFlowContext context) {
        String recorded = context.getAuthenticationSession().getUserSessionNotes().get(METHODS_NOTE);
        if (recorded != null) {
            return recorded;
        }
        AuthenticationManager.AuthResult cookie = AuthenticationManager.authenticateIdentityCookie(context.getSession(),
                context.getRealm(), true);
        UserSessionModel existing = cookie == null ? null : cookie.session();
        return existing == null || context.getUser() == null || !existing.getUser().getId().equals(context.getUser().getId())
                ? null : existing.getNote(METHODS_NOTE);
    }

    static List<String> split(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split(" "));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
    }
}
