package org.smartfhir.keycloak.spi;

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

/**
 * Runs the required actions a sign-in owes ({@link PendingRequiredActions}) at a browser-flow step, one page after
 * another, instead of after the whole flow as Keycloak does. Keycloak's own required-action providers do the work,
 * through Keycloak's own context with its form posting back to the calling step ({@link InFlowRequiredActionContext}).
 * A completed action is removed from the user and the sign-in, as Keycloak does, so nothing is asked twice; an action
 * that cannot be completed here ends the sign-in ({@code access_denied} to the app), never a grant.
 *
 * <p>Both methods answer whether the caller may go on: {@code true} when no action is left (nothing was sent to the
 * browser); {@code false} when a page is showing or the sign-in was ended.
 */
public final class InFlowRequiredActions {

    private static final Logger LOG = Logger.getLogger(InFlowRequiredActions.class);

    /** Auth note: the alias of the required action whose page is showing. */
    static final String CURRENT_NOTE = "smart.required.action";

    private InFlowRequiredActions() {
    }

    /** Shows the first pending action's page; true when none is left. */
    public static boolean showNext(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Optional<RequiredActionProviderModel> pending = PendingRequiredActions.first(context);
        if (pending.isEmpty()) {
            authSession.removeAuthNote(CURRENT_NOTE);
            return true;
        }
        authSession.setAuthNote(CURRENT_NOTE, pending.get().getAlias());
        Step step = step(context, pending.get());
        if (step == null) {
            return false;
        }
        LOG.debugf("user %s: required action %s inside the flow", context.getUser().getId(), pending.get().getAlias());
        step.provider().requiredActionChallenge(step.context());
        return handle(context, step);
    }

    /** Processes the form the showing action's page posted, then shows the next one; true when none is left. */
    public static boolean process(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String alias = authSession.getAuthNote(CURRENT_NOTE);
        Optional<RequiredActionProviderModel> model = alias == null ? Optional.empty() : enabled(context, alias);
        if (model.isEmpty()) {
            authSession.removeAuthNote(CURRENT_NOTE);
            return showNext(context);
        }
        Step step = step(context, model.get());
        if (step == null) {
            return false;
        }
        step.provider().processAction(step.context());
        return handle(context, step);
    }

    private static boolean handle(AuthenticationFlowContext context, Step step) {
        InFlowRequiredActionContext action = step.context();
        String alias = step.model().getAlias();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RequiredActionContext.Status status = action.getStatus();
        if (status == RequiredActionContext.Status.CHALLENGE) {
            context.challenge(action.getChallenge());
            return false;
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
            return showNext(context);
        }
        if (status == RequiredActionContext.Status.IGNORE) {
            Set<String> skipped = PendingRequiredActions.skipped(authSession);
            skipped.add(alias);
            authSession.setAuthNote(PendingRequiredActions.SKIPPED_NOTE, String.join(" ", skipped));
            authSession.removeAuthNote(CURRENT_NOTE);
            return showNext(context);
        }
        // FAILURE, CANCELLED or nothing decided: the account is not set up, so the sign-in does not go on.
        LOG.debugf("user %s: required action %s ended with %s; the sign-in is cancelled", context.getUser().getId(), alias, status);
        step.event().clone().error(status == null ? "required_action_incomplete" : status.name().toLowerCase(java.util.Locale.ROOT));
        authSession.removeAuthNote(CURRENT_NOTE);
        context.cancelLogin();
        return false;
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
