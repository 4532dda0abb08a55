package org.smartfhir.keycloak.launch.ehr;

import java.util.Arrays;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.launch.LaunchNotes;
import org.smartfhir.keycloak.launch.handle.LaunchHandle;
import org.smartfhir.keycloak.launch.handle.LaunchStore;
import org.smartfhir.keycloak.launch.http.OAuthErrorRedirect;
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
        Optional<LaunchStore.Launch> launch = new LaunchStore(context.getSession()).consume(context.getRealm(), handle);
        if (launch.isEmpty()) {
            LOG.debugf("client %s: unknown, expired or used launch handle", client);
            reject(context, "invalid_request", "unknown, expired or already used launch");
            return;
        }
        if (!launch.get().clientId().equals(client)) {
            LOG.debugf("client %s presented a launch minted for another client", client);
            reject(context, "invalid_request", "unknown, expired or already used launch");
            return;
        }
        String boundUser = launch.get().userId();
        if (boundUser != null && (context.getUser() == null || !boundUser.equals(context.getUser().getId()))) {
            LOG.debugf("client %s: the launch is bound to another user", client);
            reject(context, "access_denied", "this launch was started for another user");
            return;
        }
        authSession.setAuthNote(LaunchNotes.CONSUMED_HANDLE, consumedKey);
        authSession.setClientNote(LaunchNotes.CONTEXT, launch.get().context().toJson());
        authSession.setClientNote(LaunchNotes.SOURCE, LaunchNotes.SOURCE_EHR);
        context.success();
    }

    static boolean requestsLaunchScope(String scope) {
        return scope != null && Arrays.asList(scope.trim().split("\\s+")).contains(LAUNCH_SCOPE);
    }

    private static void reject(AuthenticationFlowContext context, String error, String description) {
        OAuthErrorRedirect.fail(context, error, description);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
    }
}
