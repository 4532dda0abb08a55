package org.smartfhir.keycloak.requiredactions;

import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;
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
 * <p>Keycloak's own required-action providers do the work, through Keycloak's own context with its form posting back
 * to this step ({@link InFlowRequiredActionContext}). Which actions, and in which order, is Keycloak's rule: the
 * realm's enabled required actions, by priority, that the user or this sign-in holds, after Keycloak's triggers
 * (e.g. an expired password) have been evaluated. A completed action is removed from the user and the sign-in, as
 * Keycloak does, so nothing is asked twice; an action that cannot be completed here ends the sign-in
 * ({@code access_denied} to the app), never a grant. The picker and consent steps refuse while an action is still
 * owed ({@link PendingRequiredActions}), so a flow without this step fails closed.
 */
final class RequiredActionsFirstAuthenticator extends SmartFlowStep {

    private static final Logger LOG = Logger.getLogger(RequiredActionsFirstAuthenticator.class);

    /** Auth note: the alias of the required action whose page is showing. */
    static final String CURRENT_NOTE = "smart.required.action";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationManager.evaluateRequiredActionTriggers(context.getSession(), context.getAuthenticationSession(),
                context.getHttpRequest(), context.getEvent().clone(), context.getRealm(), context.getUser());
        next(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String alias = authSession.getAuthNote(CURRENT_NOTE);
        Optional<RequiredActionProviderModel> model = alias == null ? Optional.empty() : enabled(context, alias);
        if (model.isEmpty()) {
            authSession.removeAuthNote(CURRENT_NOTE);
            next(context);
            return;
        }
        Step step = step(context, model.get());
        if (step == null) {
            return;
        }
        step.provider().processAction(step.context());
        handle(context, step);
    }

    /** Shows the first pending action, or ends this step when none is left. */
    private void next(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Optional<RequiredActionProviderModel> pending = PendingRequiredActions.first(context);
        if (pending.isEmpty()) {
            authSession.removeAuthNote(CURRENT_NOTE);
            context.success();
            return;
        }
        authSession.setAuthNote(CURRENT_NOTE, pending.get().getAlias());
        Step step = step(context, pending.get());
        if (step == null) {
            return;
        }
        LOG.debugf("user %s: required action %s before the SMART steps", context.getUser().getId(), pending.get().getAlias());
        step.provider().requiredActionChallenge(step.context());
        handle(context, step);
    }

    private void handle(AuthenticationFlowContext context, Step step) {
        InFlowRequiredActionContext action = step.context();
        String alias = step.model().getAlias();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RequiredActionContext.Status status = action.getStatus();
        if (status == RequiredActionContext.Status.CHALLENGE) {
            context.challenge(action.getChallenge());
            return;
        }
        if (status == RequiredActionContext.Status.SUCCESS) {
            step.event().clone().success();
            if (UserModel.RequiredAction.CONFIGURE_TOTP.name().equals(step.model().getProviderId())) {
                // Setting up the app means entering a code it generates now (NIST SP 800-63B §6.1.1: binding proves
                // possession), so this sign-in used the one-time code, as the assurance level and amr then say.
                AuthenticatorUtil.addAuthCredential(authSession, OTPCredentialModel.TYPE);
            }
            authSession.removeRequiredAction(alias);
            context.getUser().removeRequiredAction(alias);
            authSession.removeAuthNote(CURRENT_NOTE);
            next(context);
            return;
        }
        if (status == RequiredActionContext.Status.IGNORE) {
            Set<String> skipped = PendingRequiredActions.skipped(authSession);
            skipped.add(alias);
            authSession.setAuthNote(PendingRequiredActions.SKIPPED_NOTE, String.join(" ", skipped));
            authSession.removeAuthNote(CURRENT_NOTE);
            next(context);
            return;
        }
        // FAILURE, CANCELLED or nothing decided: the account is not set up, so the sign-in does not go on.
        LOG.debugf("user %s: required action %s ended with %s; the sign-in is cancelled", context.getUser().getId(), alias, status);
        step.event().clone().error(status == null ? "required_action_incomplete" : status.name().toLowerCase(java.util.Locale.ROOT));
        authSession.removeAuthNote(CURRENT_NOTE);
        context.cancelLogin();
    }

    private record Step(RequiredActionProviderModel model, InFlowRequiredActionContext context,
                        RequiredActionProvider provider, EventBuilder event) {
    }

    /** Keycloak's provider for the action with Keycloak's context, or null after ending the sign-in (no provider). */
    private static Step step(AuthenticationFlowContext context, RequiredActionProviderModel model) {
        RequiredActionFactory factory = (RequiredActionFactory) context.getSession().getKeycloakSessionFactory()
                .getProviderFactory(RequiredActionProvider.class, model.getProviderId());
        if (factory == null) {
            LOG.warnf("required action %s has no provider installed; the sign-in is cancelled", model.getAlias());
            context.cancelLogin();
            return null;
        }
        EventBuilder event = context.getEvent().clone().event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(Details.CUSTOM_REQUIRED_ACTION, model.getAlias());
        InFlowRequiredActionContext action = new InFlowRequiredActionContext(context, event, factory);
        return new Step(model, action, AuthenticationManager.createRequiredAction(action), event);
    }

    private static Optional<RequiredActionProviderModel> enabled(AuthenticationFlowContext context, String alias) {
        RequiredActionProviderModel model = context.getRealm().getRequiredActionProviderByAlias(alias);
        return model != null && model.isEnabled() ? Optional.of(model) : Optional.empty();
    }

}
