package org.smartfhir.keycloak.clientauth;

import java.util.Optional;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.ClientIdAndSecretAuthenticator;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.Urls;
import org.smartfhir.keycloak.refresh.PublicRefreshRequest;
import org.smartfhir.keycloak.spi.GrantSessions;
import org.smartfhir.keycloak.spi.SmartClients;

/**
 * Keycloak's {@code client-secret} authenticator (which also identifies public clients by {@code client_id}), plus
 * SMART's refresh request for public apps: {@code grant_type=refresh_token&refresh_token=…} with no {@code client_id}
 * (SMART App Launch 2.2, "Refresh access token": "for public apps, authentication is not possible (and thus not
 * required)"; the official JavaScript client sends exactly that). Stock Keycloak answers such a request 401
 * {@code invalid_client} because nothing names the client, so the app's session dies with its first access token.
 *
 * <p>When a token-endpoint refresh request carries no client identification or credential at all, the client is taken
 * from the refresh token itself, but only after the token's signature was checked with this realm's keys, its issuer
 * is this realm and its type is a refresh token; and only when that client is a SMART client (it has a scope ceiling)
 * and public. Then Keycloak's refresh runs as if the app had sent its {@code client_id}: the token is verified again
 * against the client, rotation, reuse revocation ({@code smart-refresh-reuse}), scope narrowing
 * ({@code smart-refresh-scope}) and launch context all apply. Every other request — any {@code client_id},
 * {@code Authorization} header or assertion, any confidential or non-SMART client, any token that does not verify — is
 * handled by Keycloak's own code unchanged, so a confidential client's refresh token presented without credentials
 * stays 401 {@code invalid_client}.
 *
 * <p>This adds no attack surface. A public client has no credential (RFC 6749 §2.1, §10.1), so the {@code client_id}
 * it would send proves nothing: anyone holding the refresh token can read the client it names (its {@code azp}) and
 * send that. RFC 6749 §6 requires client authentication on refresh only for confidential clients or clients that were
 * issued credentials, and §10.4 the check of the token's binding to its client "whenever the client identity can be
 * authenticated" — never the case for a public client. The only input taken from the token is the client it was
 * issued to, which this realm signed itself and which Keycloak checks again when it verifies the refresh token for
 * that client; a forged, garbled, unsigned or foreign token names no client and gets Keycloak's ordinary
 * {@code invalid_client}. Possession of the refresh token is what authorizes a public refresh either way, which is
 * why rotation and reuse revocation stay on, and why confidential clients, whose credential does prove something, are
 * never identified this way.
 */
public final class PublicRefreshClientAuthenticator extends ClientIdAndSecretAuthenticator {

    private static final Logger LOG = Logger.getLogger(PublicRefreshClientAuthenticator.class);
    private static final String TOKEN_ENDPOINT_PATH = "/protocol/openid-connect/token";
    /** OAuth 2.0 Attestation-Based Client Authentication headers, which Keycloak 26.7 understands. */
    private static final String[] CLIENT_HEADERS = {HttpHeaders.AUTHORIZATION, "OAuth-Client-Attestation",
            "OAuth-Client-Attestation-PoP"};

    @Override
    public int order() {
        return 10;
    }

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        Optional<ClientModel> client = publicSmartClientOfRefreshToken(context);
        if (client.isEmpty()) {
            super.authenticateClient(context);
            return;
        }
        ClientModel app = client.get();
        context.getEvent().client(app.getClientId()).detail("client_identified_by", OAuth2Constants.REFRESH_TOKEN);
        context.setClient(app);
        if (!app.isEnabled()) {
            context.failure(AuthenticationFlowError.CLIENT_DISABLED, null);
            return;
        }
        LOG.tracef("client %s: public refresh identified by its refresh token", app.getClientId());
        context.success();
    }

    private static Optional<ClientModel> publicSmartClientOfRefreshToken(ClientAuthenticationFlowContext context) {
        if (context.getHttpRequest() == null || context.getUriInfo() == null
                || !context.getUriInfo().getPath().endsWith(TOKEN_ENDPOINT_PATH)) {
            return Optional.empty();
        }
        HttpHeaders headers = context.getHttpRequest().getHttpHeaders();
        MediaType mediaType = headers.getMediaType();
        if (mediaType == null || !mediaType.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            return Optional.empty();
        }
        boolean clientHeader = false;
        for (String name : CLIENT_HEADERS) {
            clientHeader |= headers.getRequestHeader(name) != null && !headers.getRequestHeader(name).isEmpty();
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form == null || !PublicRefreshRequest.withoutClientAuthentication(form.getFirst(OAuth2Constants.GRANT_TYPE),
                form.keySet(), clientHeader)) {
            return Optional.empty();
        }
        KeycloakSession session = context.getSession();
        // Signature-checked with this realm's keys: a forged or foreign token decodes to null and names no client.
        RefreshToken token = GrantSessions.presentedRefreshToken(session, form.getFirst(OAuth2Constants.REFRESH_TOKEN));
        if (token == null) {
            return Optional.empty();
        }
        String realmIssuer = Urls.realmIssuer(session.getContext().getUri().getBaseUri(), context.getRealm().getName());
        return PublicRefreshRequest.issuedTo(token.getType(), token.getIssuer(), token.getIssuedFor(), realmIssuer)
                .map(clientId -> session.clients().getClientByClientId(context.getRealm(), clientId))
                .filter(found -> found.isPublicClient() && SmartClients.isSmart(found));
    }
}
