package org.smartfhir.keycloak.lifecycle;

import org.keycloak.protocol.oidc.grants.RefreshTokenGrantType;
import org.smartfhir.keycloak.spi.SmartClients;

/**
 * Keycloak's {@code refresh_token} grant, answering for SMART clients the {@code scope} of the access token it issued
 * (RFC 6749 §5.1: the response {@code scope} is the scope of the access token; SMART App Launch 2.2 "Refresh access
 * token": a narrower {@code scope} is a strict subset of the grant).
 *
 * <p>Keycloak 26.7.3 narrows the access token of an {@code offline_access} refresh but then rebuilds its response
 * context from the refresh token's full scope (so that the offline session can be renewed) and takes the response
 * {@code scope} from that context: the app is told it holds scopes its new access token does not carry. Online grants
 * are not affected. Everything else — token verification, rotation, reuse detection, the pack's refresh executors,
 * launch context — is Keycloak's grant unchanged; only the answer's {@code scope}, and the event's {@code scope} detail
 * that the audit trail records, are made to match the token. Clients without a scope ceiling get Keycloak's answer.
 */
final class SmartRefreshTokenGrantType extends RefreshTokenGrantType {

    @Override
    protected void setContext(Context context) {
        super.setContext(context);
        if (SmartClients.isSmart(client)) {
            tokenManager = new IssuedScopeTokenManager();
        }
    }
}
