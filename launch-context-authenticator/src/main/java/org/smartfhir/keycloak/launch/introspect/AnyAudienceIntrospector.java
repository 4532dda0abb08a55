package org.smartfhir.keycloak.launch.introspect;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.smartfhir.keycloak.launch.context.LaunchContext;
import org.smartfhir.keycloak.spi.SmartClients;

/**
 * Keycloak's access-token introspection (signature, expiry, revocation, live session, mappers re-run with
 * {@code introspection.token.claim}) without its audience rule. Keycloak answers only callers named in the token's
 * {@code aud}; SMART resource servers must introspect any app's tokens (requirement G27), and a SMART token's
 * audience is the FHIR base URL, not the resource server's client. Used only for callers holding the introspection
 * role, so the role replaces the audience as the authorization.
 */
final class AnyAudienceIntrospector extends AccessTokenIntrospectionProvider<AccessToken> {

    AnyAudienceIntrospector(KeycloakSession session) {
        super(session);
    }

    /**
     * Keycloak rebuilds the answer from the app's client session, which a later launch of the same app may have given
     * another context; the token's own launch context (signed into it at issuance) is what this token was granted.
     */
    @Override
    public AccessToken transformAccessToken(AccessToken original, UserSessionModel userSession) {
        AccessToken transformed = super.transformAccessToken(original, userSession);
        if (transformed == null || original == null || transformed == original) {
            return transformed;
        }
        for (String parameter : LaunchContext.PARAMETERS) {
            Object own = original.getOtherClaims().get(parameter);
            if (own == null) {
                transformed.getOtherClaims().remove(parameter);
            } else {
                transformed.getOtherClaims().put(parameter, own);
            }
        }
        return transformed;
    }

    /**
     * Any SMART app's token (a client with a SMART scope ceiling); tokens of other clients (the admin console, internal
     * services) keep Keycloak's audience rule, so the role does not open the whole realm.
     */
    @Override
    protected boolean verifyAudience() {
        return SmartClients.isSmart(client) || super.verifyAudience();
    }
}
