package org.smartfhir.keycloak.clientauth;

import java.util.Objects;
import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.authenticators.client.AbstractJWTClientValidator.SignatureValidator;
import org.keycloak.authentication.authenticators.client.ClientAssertionState;
import org.keycloak.authentication.authenticators.client.ClientAuthUtil;
import org.keycloak.authentication.authenticators.client.JWTClientAuthenticator;
import org.keycloak.common.util.Time;
import org.keycloak.jose.jws.JWSHeader;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.representations.JsonWebToken;
import org.smartfhir.keycloak.spi.SmartClients;

/**
 * Keycloak's {@code client-jwt} ({@code private_key_jwt}) with SMART Backend Services' rules for SMART clients
 * (clients with a scope ceiling): {@link AssertionRules} first, then Keycloak's own validation with a five-minute
 * lifetime. Registered under Keycloak's id with a higher order, so existing clients keep their authenticator setting;
 * clients without a ceiling are authenticated exactly as by stock Keycloak. Keys registered by JWKS URL are fetched
 * honouring the client's Cache-Control ({@link JwksUrlKeys}); inline keys are Keycloak's.
 */
public final class SmartJwtClientAuthenticator extends JWTClientAuthenticator {

    private static final Logger LOG = Logger.getLogger(SmartJwtClientAuthenticator.class);

    /** Keycloak creates one instance per server and hands it to every request, so this cache is per node. */
    private final JwksUrlKeys jwksUrlKeys = new JwksUrlKeys();

    @Override
    public int order() {
        return 10;
    }

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        Optional<String> malformed = malformedAssertion(context);
        if (malformed.isPresent()) {
            // For every client: these are answered by stock Keycloak with an exception text, a forged log line, or an
            // accepted assertion it does not understand. The reason is fixed text; nothing of the assertion is logged.
            context.getEvent().detail("reason", malformed.get());
            context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS,
                    ClientAuthUtil.errorResponse(Response.Status.BAD_REQUEST.getStatusCode(), "invalid_client", malformed.get()));
            return;
        }
        ClientModel client;
        ClientAssertionState state;
        JsonWebToken jwt;
        JWSHeader header;
        try {
            state = context.getState(ClientAssertionState.class, ClientAssertionState.supplier());
            jwt = state.getToken();
            header = state.getJws() == null ? null : state.getJws().getHeader();
            client = jwt == null || jwt.getSubject() == null ? null : context.getRealm().getClientByClientId(jwt.getSubject());
        } catch (Exception e) {
            super.authenticateClient(context); // not a parsable assertion: Keycloak answers as it always does
            return;
        }
        if (client == null || header == null || !SmartClients.isSmart(client)) {
            super.authenticateClient(context);
            return;
        }
        context.attempted();
        OIDCAdvancedConfigWrapper config = OIDCAdvancedConfigWrapper.fromClientModel(client);
        String jwksUrl = config.isUseJwksUrl() ? config.getJwksUrl() : null;
        Optional<String> problem = AssertionRules.check(header.getType(), header.getOtherClaims().get("jku"), jwt.getExp(),
                Time.currentTime(), jwksUrl);
        if (problem.isPresent()) {
            LOG.debugf("client %s: SMART client assertion refused: %s", client.getClientId(), problem.get());
            context.getEvent().client(client.getClientId()).detail("reason", problem.get());
            context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS,
                    ClientAuthUtil.errorResponse(Response.Status.BAD_REQUEST.getStatusCode(), "invalid_client", problem.get()));
            return;
        }
        try {
            if (!Objects.equals(jwt.getIssuer(), jwt.getSubject())) {
                return; // Keycloak leaves such an assertion unauthenticated: invalid_client
            }
            if (state.getClient() == null) {
                state.setClient(client);
            }
            SignatureValidator signature = jwksUrl == null ? this::verifySignature
                    : new JwksUrlSignature(jwksUrlKeys, jwksUrl)::verify;
            if (new SmartJwtClientValidator(context, signature, getId()).validate()) {
                context.success();
            }
        } catch (Exception e) {
            LOG.debugf("client %s: client assertion failed validation (%s)", client.getClientId(), e.getClass().getSimpleName());
            context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, ClientAuthUtil.errorResponse(
                    Response.Status.BAD_REQUEST.getStatusCode(), "invalid_client", "Client authentication with signed JWT failed"));
        }
    }

    private static Optional<String> malformedAssertion(ClientAuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String assertion = form == null ? null : form.getFirst(OAuth2Constants.CLIENT_ASSERTION);
        if (assertion == null || !OAuth2Constants.CLIENT_ASSERTION_TYPE_JWT.equals(form.getFirst(OAuth2Constants.CLIENT_ASSERTION_TYPE))) {
            return Optional.empty(); // not this authenticator's business: Keycloak answers as it always does
        }
        return AssertionShape.problem(assertion);
    }
}
