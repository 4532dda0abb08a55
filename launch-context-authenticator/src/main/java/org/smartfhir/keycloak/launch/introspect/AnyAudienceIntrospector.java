package org.smartfhir.keycloak.launch.introspect;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;

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

    @Override
    protected boolean verifyAudience() {
        return true;
    }
}
