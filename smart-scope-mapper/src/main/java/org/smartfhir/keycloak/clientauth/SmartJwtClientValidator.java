package org.smartfhir.keycloak.clientauth;

import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.JWTClientValidator;

/**
 * Keycloak's assertion validator with SMART's lifetime: five minutes, also without {@code iat} (Keycloak's default
 * is 60 seconds, which refuses the {@code exp = now + 240} assertions SMART clients typically send). Replay protection
 * then covers the whole lifetime, in Keycloak's clustered single-use store.
 */
final class SmartJwtClientValidator extends JWTClientValidator {

    SmartJwtClientValidator(ClientAuthenticationFlowContext context, SignatureValidator signatureValidator, String providerId)
            throws Exception {
        super(context, signatureValidator, providerId);
    }

    @Override
    protected int getMaximumExpirationTime() {
        return (int) AssertionRules.MAX_LIFETIME_SECONDS;
    }
}
