package org.smartfhir.keycloak.launch.ehr;

import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.launch.LaunchNotes;
import org.smartfhir.keycloak.launch.SessionContext;
import org.smartfhir.keycloak.launch.style.SmartStyleResource;
import org.smartfhir.keycloak.launch.handle.LaunchHandle;
import org.smartfhir.keycloak.launch.handle.LaunchStore;
import org.smartfhir.keycloak.launch.picker.LinkedPatients;
import org.smartfhir.keycloak.launch.picker.PickerSettings;
import org.smartfhir.keycloak.scope.ScopeParser;
import org.smartfhir.keycloak.spi.OAuthErrorRedirect;
import org.smartfhir.keycloak.spi.RealmRoles;
import org.smartfhir.keycloak.spi.SmartFlowStep;

/**
 * Consumes the EHR's {@code launch} handle (SMART App Launch 2.2 §"EHR launch", requirement D21) and puts its context
 * into the authentication session, from where Keycloak copies it to the client session that tokens and refreshes are
 * built from. Every doubt ends the flow without a code: unknown, expired, reused or another client's handle, a handle
 * bound to another user, {@code launch} scope without handle and handle without {@code launch} scope.
 */
final class EhrLaunchAuthenticator extends SmartFlowStep {

    private static final Logger LOG = Logger.getLogger(EhrLaunchAuthenticator.class);
    static final String LAUNCH_PARAM_NOTE = "client_request_param_launch";
    private static final String LAUNCH_SCOPE = "launch";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String handle = authSession.getClientNote(LAUNCH_PARAM_NOTE);
        boolean launchScope = requestsLaunchScope(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM));
        String client = authSession.getClient().getClientId();
        SessionContext.read(authSession, context.getUser().getId()); // drops a context chosen for someone else
        if (handle == null && !launchScope) {
            context.success();
            return;
        }
        if (handle == null || handle.isEmpty()) {
            reject(context, "invalid_request", "the launch scope is for EHR launches: send the launch parameter the EHR gave the app");
            return;
        }
        if (!launchScope) {
            reject(context, "invalid_scope", "an EHR launch must request the launch scope");
            return;
        }
        String consumedKey = LaunchHandle.wellFormed(handle) ? LaunchHandle.storeKey(context.getRealm().getId(), handle) : null;
        if (consumedKey != null && consumedKey.equals(authSession.getAuthNote(LaunchNotes.CONSUMED_HANDLE))) {
            context.success(); // the same flow passing this step again (e.g. after a restart of a later step)
            return;
        }
        Optional<LaunchStore.Launch> launch = new LaunchStore(context.getSession()).consume(context.getRealm(), handle, client);
        if (launch.isEmpty()) {
            LOG.debugf("client %s: unknown, expired, used or foreign launch handle", client);
            reject(context, "invalid_request", "unknown, expired or already used launch");
            return;
        }
        String boundUser = launch.get().userId();
        if (boundUser != null && !boundUser.equals(context.getUser().getId())) {
            LOG.debugf("client %s: the launch is bound to another user", client);
            reject(context, "access_denied", "this launch was started for another user");
            return;
        }
        String patient = launch.get().context().patient();
        if (boundUser == null && patient != null && !mayOpenUnbound(context, patient)) {
            // Whoever holds an unbound handle could otherwise open that patient's record.
            LOG.debugf("client %s: unbound launch refused for a user without a launch role or link to the patient", client);
            reject(context, "access_denied", "this launch is not for the signed-in user");
            return;
        }
        authSession.setAuthNote(LaunchNotes.CONSUMED_HANDLE, consumedKey);
        SessionContext.write(authSession, context.getUser().getId(),
                launch.get().context().withDefaults(SmartStyleResource.url(context.getSession(), context.getRealm())));
        context.success();
    }

    /**
     * A launch not bound to a user may be opened by holders of the step's launch roles (clinicians working in the EHR)
     * and by users linked to the launch's patient; nobody else.
     */
    private static boolean mayOpenUnbound(AuthenticationFlowContext context, String patient) {
        String roles = config(context).getOrDefault(EhrLaunchAuthenticatorFactory.UNBOUND_ROLES,
                EhrLaunchAuthenticatorFactory.DEFAULT_UNBOUND_ROLES);
        UserModel user = context.getUser();
        if (RealmRoles.holdsAny(context.getRealm(), user, RealmRoles.names(roles))) {
            return true;
        }
        return LinkedPatients.of(user.getAttributeStream(PickerSettings.DEFAULT_PATIENT_ATTRIBUTE).toList(),
                user.getFirstAttribute("fhirUser")).contains(patient);
    }

    static boolean requestsLaunchScope(String scope) {
        return ScopeParser.tokens(scope).contains(LAUNCH_SCOPE);
    }

    private static void reject(AuthenticationFlowContext context, String error, String description) {
        OAuthErrorRedirect.fail(context, error, description);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
    }
}
