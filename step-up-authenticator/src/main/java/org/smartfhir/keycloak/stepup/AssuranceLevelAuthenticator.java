package org.smartfhir.keycloak.stepup;

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
 * credential types the sign-in used for {@link AmrMapper}: a step-up keeps the browser session's earlier ones, a new
 * sign-in ({@code prompt=login}, {@code max_age}) replaces them.
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
            // would grant AAL3 on registering a key, without ever using it. The smart-security-key-enrolment step
            // before the WebAuthn step registers the key inside the flow (once the sign-in reached AAL2) so that it
            // is used right away; reaching this point means no key was used after all.
            OAuthErrorRedirect.fail(context, UNMET, "this access needs a WebAuthn security key or passkey used in this "
                    + "sign-in, and none was used");
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
        authSession.setUserSessionNote(METHODS_NOTE, String.join(" ", signInMethods(context)));
        context.success();
    }

    /**
     * The credential types this sign-in stands on: this authentication's, plus the browser session's earlier ones
     * when this authentication only stepped up (see {@link AuthenticationMethods#ofSignIn}).
     */
    static Set<String> signInMethods(AuthenticationFlowContext context) {
        return AuthenticationMethods.ofSignIn(AuthenticatorUtil.getAuthnCredentials(context.getAuthenticationSession()),
                split(earlier(context)));
    }

    /** What the browser's existing sign-in of the same user recorded, if there is one. */
    private static String earlier(AuthenticationFlowContext context) {
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
