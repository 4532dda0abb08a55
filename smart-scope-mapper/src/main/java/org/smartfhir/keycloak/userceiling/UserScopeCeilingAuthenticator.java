package org.smartfhir.keycloak.userceiling;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.spi.RealmRoles;
import org.smartfhir.keycloak.spi.SmartFlowStep;
import org.smartfhir.keycloak.scope.ScopeCeiling;
import org.smartfhir.keycloak.scope.UserCeiling;

/**
 * Rewrites the authentication session's {@code scope} note, which is what Keycloak turns into the code's and the
 * client session's scopes when the flow ends; a refresh can then only narrow further. Non-SMART clients pass through.
 */
final class UserScopeCeilingAuthenticator extends SmartFlowStep {

    private static final Logger LOG = Logger.getLogger(UserScopeCeilingAuthenticator.class);

    /** Client note (copied to the client session) saying this sign-in ran the step; the token endpoint checks it. */
    static final String APPLIED_NOTE = "smart.user.ceiling";
    static final String APPLIED = "applied";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String ceiling = authSession.getClient().getAttribute(ScopeCeiling.CLIENT_ATTRIBUTE);
        String requested = authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM);
        UserModel user = context.getUser();
        authSession.setClientNote(APPLIED_NOTE, APPLIED);
        if (requested == null || user == null) {
            context.success();
            return;
        }
        if (!ScopeCeiling.declared(ceiling)) {
            // Not (or no longer) a SMART client: scopes linked while it was one must not be granted (fail closed).
            narrowTo(authSession, requested, UserCeiling.of(false, Set.of(), Map.of()).narrow(requested));
            context.success();
            return;
        }
        Map<String, String> config = config(context);
        String patientRoleName = config.getOrDefault(UserScopeCeilingAuthenticatorFactory.PATIENT_ROLE,
                UserScopeCeilingAuthenticatorFactory.DEFAULT_PATIENT_ROLE);
        // Without configuration no role maps to any scope: a missing policy denies.
        Map<String, String> roleCeilings = UserCeiling.parseRoleCeilings(config.getOrDefault(
                UserScopeCeilingAuthenticatorFactory.ROLE_CEILINGS, ""));
        RealmModel realm = context.getRealm();
        boolean patient = RealmRoles.holds(realm, user, patientRoleName);
        Set<String> roles = roleCeilings.keySet().stream()
                .filter(name -> RealmRoles.holds(realm, user, name))
                .collect(Collectors.toSet());
        narrowTo(authSession, requested, UserCeiling.of(patient, roles, roleCeilings).narrow(requested));
        context.success();
    }

    private static void narrowTo(AuthenticationSessionModel authSession, String requested, String narrowed) {
        if (!narrowed.equals(requested)) {
            LOG.debugf("client %s: SMART scopes narrowed to the user's ceiling", authSession.getClient().getClientId());
            authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, narrowed);
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
    }

}
