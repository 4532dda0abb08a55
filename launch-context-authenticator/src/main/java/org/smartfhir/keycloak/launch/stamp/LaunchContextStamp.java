package org.smartfhir.keycloak.launch.stamp;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.representations.RefreshToken;
import org.smartfhir.keycloak.launch.SessionContext;

/**
 * Stamps each new refresh token with the fingerprint of the launch context it was issued under
 * ({@link SessionContext#FINGERPRINT_CLAIM}); the patient-context executor compares it on every refresh.
 */
final class LaunchContextStamp implements TokenPostProcessor {

    @Override
    public void process(TokenPostProcessorContext context) {
        RefreshToken refreshToken = context.refreshToken();
        if (refreshToken == null || context.clientSessionCtx() == null) {
            return;
        }
        AuthenticatedClientSessionModel clientSession = context.clientSessionCtx().getClientSession();
        refreshToken.setOtherClaims(SessionContext.FINGERPRINT_CLAIM,
                SessionContext.fingerprint(SessionContext.of(clientSession, clientSession.getUserSession())));
    }
}
