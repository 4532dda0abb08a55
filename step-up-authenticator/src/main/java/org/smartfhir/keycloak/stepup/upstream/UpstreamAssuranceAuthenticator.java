package org.smartfhir.keycloak.stepup.upstream;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.assurance.AssuranceLevel;
import org.smartfhir.keycloak.spi.SmartFlowStep;

/**
 * First step of the post-broker flow: credits the upstream sign-in with the levels it reached — AAL1 for the sign-in
 * itself, higher only as far as the provider's {@code smart-upstream-assurance-mapper} mapped what the provider said
 * (NIST SP 800-63C §5.3: the relying party decides which federated assertions count at which level). Keycloak's level
 * conditions in the rest of the flow then ask locally for exactly what is still missing, e.g. the security key a
 * write needs when the provider's {@code amr} lacks {@code hwk}. Outside a brokered sign-in it credits nothing.
 */
final class UpstreamAssuranceAuthenticator extends SmartFlowStep {

    private static final Logger LOG = Logger.getLogger(UpstreamAssuranceAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SerializedBrokeredIdentityContext brokered = SerializedBrokeredIdentityContext.readFromAuthenticationSession(authSession,
                PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT);
        if (brokered == null || brokered.getIdentityProviderId() == null) {
            LOG.debugf("realm %s: smart-upstream-assurance outside a post-broker flow credits nothing", context.getRealm().getName());
            context.success();
            return;
        }
        String key = UpstreamAssuranceNotes.key(brokered.getIdentityProviderId());
        int mapped = parse(authSession.getAuthNote(key));
        authSession.removeAuthNote(key);
        int reached = Math.max(AssuranceLevel.AAL1.loa(), Math.min(mapped, AssuranceLevel.AAL3.loa()));
        AcrStore acr = new AcrStore(context.getSession(), authSession);
        for (int loa = AssuranceLevel.AAL1.loa(); loa <= reached; loa++) {
            acr.setLevelAuthenticated(loa);
        }
        context.success();
    }

    private static int parse(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
    }
}
