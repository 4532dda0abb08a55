package org.smartfhir.keycloak.stepup;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.Constants;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.assurance.AssuranceLevel;
import org.smartfhir.keycloak.spi.SmartFlowStep;

/**
 * First step of the browser flow: decides the assurance level this authorization request needs — the realm minimum,
 * or the step-up level when a sensitive SMART scope is requested — and raises Keycloak's requested level of
 * authentication to it (never lowers what the client asked for with {@code acr_values} or {@code claims}). Keycloak's
 * own machinery then does the rest: the cookie step accepts the session only if it already holds that level within
 * the level's max age, the level sub-flows ask for exactly the missing factors, and {@code acr} reports the level
 * reached. Keycloak alone can only branch on exact client-scope names; this step reads the scopes with the SMART
 * grammar, so {@code patient/Observation.write}, {@code .cu} and {@code user/*.cruds} are all writes.
 */
final class StepUpAuthenticator extends SmartFlowStep {

    private static final Logger LOG = Logger.getLogger(StepUpAuthenticator.class);

    /** Client note (copied to the client session) that the token-endpoint guard checks the reached level against. */
    static final String REQUIRED_LEVEL_NOTE = "smart.required.loa";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        StepUpPolicy policy = StepUpPolicy.of(config(context));
        if (policy.sensitive().isEmpty()) {
            LOG.warnf("realm %s: the smart-step-up patterns cannot be read; every request needs %s",
                    context.getRealm().getName(), policy.stepUp().uri());
        }
        AssuranceLevel required = policy.required(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM));
        int requested = parse(authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION));
        if (required.loa() > requested) {
            authSession.setClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION, String.valueOf(required.loa()));
        }
        authSession.setClientNote(REQUIRED_LEVEL_NOTE, String.valueOf(required.loa()));
        forceReauthenticationForMaxAgeZero(authSession);
        AssuranceClaims.ensureMappers(context.getSession(), context.getRealm());
        context.success();
    }

    /**
     * {@code max_age=0} asks for a sign-in now (OpenID Connect Core §3.1.2.1). Keycloak compares whole seconds, so a
     * request in the same second as the last sign-in would be answered from it; treating {@code max_age=0} as
     * {@code prompt=login} makes it mean what it says.
     */
    private static void forceReauthenticationForMaxAgeZero(AuthenticationSessionModel authSession) {
        String maxAge = authSession.getClientNote(OIDCLoginProtocol.MAX_AGE_PARAM);
        if (maxAge != null && maxAge.trim().equals("0")) {
            String prompt = authSession.getClientNote(OIDCLoginProtocol.PROMPT_PARAM);
            if (prompt == null || !java.util.Arrays.asList(prompt.split(" ")).contains(OIDCLoginProtocol.PROMPT_VALUE_LOGIN)) {
                authSession.setClientNote(OIDCLoginProtocol.PROMPT_PARAM,
                        prompt == null || prompt.isBlank() ? OIDCLoginProtocol.PROMPT_VALUE_LOGIN : prompt + " " + OIDCLoginProtocol.PROMPT_VALUE_LOGIN);
            }
        }
    }

    private static int parse(String value) {
        try {
            return value == null ? -1 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
