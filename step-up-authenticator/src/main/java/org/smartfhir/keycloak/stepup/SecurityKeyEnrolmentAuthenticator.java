package org.smartfhir.keycloak.stepup;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.requiredactions.WebAuthnRegisterFactory;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.assurance.AuthenticationMethods;
import org.smartfhir.keycloak.spi.InFlowRequiredActions;
import org.smartfhir.keycloak.spi.SmartFlowStep;

/**
 * Put in the AAL3 sub-flow right before the WebAuthn step: a user who has no security key yet registers one here,
 * inside the sign-in (Keycloak's own {@code webauthn-register} page), and the WebAuthn step that follows then asks for
 * it, so the AAL3 grant rests on the key having been used, not merely registered. Without this step Keycloak would
 * skip the WebAuthn step and queue the registration for after the flow, which the pack refuses
 * ({@code unmet_authentication_requirements}), leaving a keyless clinician no way to a write scope.
 *
 * <p>A key is bound only to a sign-in that reached AAL2 — two factors, in this authentication or in the browser
 * session it steps up (NIST SP 800-63B §6.1.2.1: bind a new authenticator only after authenticating at an existing
 * AAL). Required actions this sign-in still owes (an authenticator app queued by the AAL2 sub-flow) run first, so a
 * first sign-in sets up its second factor before its key.
 */
final class SecurityKeyEnrolmentAuthenticator extends SmartFlowStep {

    private static final Logger LOG = Logger.getLogger(SecurityKeyEnrolmentAuthenticator.class);

    /** Auth note: the key's registration was offered in this sign-in (so a skipped registration is not offered again). */
    static final String OFFERED_NOTE = "smart.security.key.offered";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (InFlowRequiredActions.showNext(context)) {
            enrolOrGoOn(context);
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        if (InFlowRequiredActions.process(context)) {
            enrolOrGoOn(context);
        }
    }

    private static void enrolOrGoOn(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        boolean hasKey = context.getUser().credentialManager().isConfiguredFor(WebAuthnCredentialModel.TYPE_TWOFACTOR);
        if (hasKey || authSession.getAuthNote(OFFERED_NOTE) != null) {
            context.success();
            return;
        }
        if (!AuthenticationMethods.reachesAal2(AssuranceLevelAuthenticator.signInMethods(context))) {
            LOG.debugf("user %s: no security key registration on a single factor", context.getUser().getId());
            context.success();
            return;
        }
        authSession.setAuthNote(OFFERED_NOTE, "true");
        authSession.addRequiredAction(WebAuthnRegisterFactory.PROVIDER_ID);
        if (InFlowRequiredActions.showNext(context)) {
            context.success();
        }
    }
}
