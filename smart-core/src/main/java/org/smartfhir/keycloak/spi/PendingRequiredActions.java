package org.smartfhir.keycloak.spi;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The required actions (second-factor set-up, password update, terms, …) a sign-in still owes: the realm's enabled
 * ones that the user or this sign-in holds, in Keycloak's priority order, less those their provider chose to skip for
 * this sign-in. The SMART steps that show protected health information (patient picker, consent) refuse to run while
 * one is owed (fail closed), and the {@code smart-required-actions-first} step is what settles them before those steps.
 */
public final class PendingRequiredActions {

    /** Auth note: aliases of required actions skipped for this sign-in (their provider answered IGNORE). */
    public static final String SKIPPED_NOTE = "smart.required.action.skipped";

    private PendingRequiredActions() {
    }

    public static Optional<RequiredActionProviderModel> first(AuthenticationFlowContext context) {
        if (context.getUser() == null) {
            return Optional.empty();
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Set<String> owed = context.getUser().getRequiredActionsStream().collect(Collectors.toCollection(HashSet::new));
        owed.addAll(authSession.getRequiredActions());
        if (owed.isEmpty()) {
            return Optional.empty();
        }
        Set<String> skipped = skipped(authSession);
        return context.getRealm().getRequiredActionProvidersStream()
                .filter(RequiredActionProviderModel::isEnabled)
                .filter(m -> owed.contains(m.getAlias()) || owed.contains(m.getProviderId()))
                .filter(m -> !skipped.contains(m.getAlias()))
                .min(Comparator.comparingInt(RequiredActionProviderModel::getPriority));
    }

    public static Set<String> skipped(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(SKIPPED_NOTE);
        return note == null || note.isBlank() ? new HashSet<>() : new HashSet<>(Arrays.asList(note.trim().split(" ")));
    }

    /**
     * Ends the sign-in with {@code access_denied} (on the app's redirect URI, with {@code state}) when a required action
     * is still owed; true when it did. Reached only when the flow lacks {@code smart-required-actions-first} before
     * the calling step: the user would otherwise see patient data before, say, their second factor exists.
     */
    public static boolean refuseIfOwed(AuthenticationFlowContext context) {
        Optional<RequiredActionProviderModel> owed = first(context);
        if (owed.isEmpty()) {
            return false;
        }
        OAuthErrorRedirect.fail(context, "access_denied", "the account set-up (" + owed.get().getAlias()
                + ") must be completed before patient data is shown");
        return true;
    }
}
