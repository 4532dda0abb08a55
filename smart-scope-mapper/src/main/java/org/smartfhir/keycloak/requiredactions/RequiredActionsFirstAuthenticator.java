package org.smartfhir.keycloak.requiredactions;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.services.managers.AuthenticationManager;
import org.smartfhir.keycloak.spi.InFlowRequiredActions;
import org.smartfhir.keycloak.spi.PendingRequiredActions;
import org.smartfhir.keycloak.spi.SmartFlowStep;

/**
 * Runs the user's pending required actions (setting up the second factor, a security key, a new password, terms)
 * inside the browser flow, at this step, instead of after the whole flow as Keycloak does. Placed right after
 * authentication, before {@code smart-assurance-level} records the credentials the sign-in used, it makes a first
 * sign-in read: password → set up the authenticator app → patient picker → consent, so nobody searches patients or
 * reads the consent page on a password alone (HIPAA §164.312(d) person or entity authentication; NIST SP 800-63B
 * §4.2: AAL2 needs the second factor before access).
 *
 * <p>Which actions, and in which order, is Keycloak's rule: the realm's enabled required actions, by priority, that
 * the user or this sign-in holds, after Keycloak's triggers (e.g. an expired password) have been evaluated; Keycloak's
 * own providers run them ({@link InFlowRequiredActions}). The picker and consent steps refuse while an action is still
 * owed ({@link PendingRequiredActions}), so a flow without this step fails closed.
 */
final class RequiredActionsFirstAuthenticator extends SmartFlowStep {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationManager.evaluateRequiredActionTriggers(context.getSession(), context.getAuthenticationSession(),
                context.getHttpRequest(), context.getEvent().clone(), context.getRealm(), context.getUser());
        if (InFlowRequiredActions.showNext(context)) {
            context.success();
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        if (InFlowRequiredActions.process(context)) {
            context.success();
        }
    }
}
