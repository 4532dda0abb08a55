package org.smartfhir.keycloak.audience;

import java.util.List;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.token.TokenPostProcessor;
import org.keycloak.protocol.oidc.token.TokenPostProcessorContext;
import org.keycloak.representations.AccessToken;
import org.smartfhir.keycloak.spi.SmartClients;

/**
 * Adds the FHIR base to {@code aud} so that the FHIR server can check the token was meant for it (SMART App Launch
 * 2.2: the access token's audience includes the {@code aud} the app requested).
 *
 * <p>It applies to SMART clients only (those with a scope ceiling) and re-checks the requested value against the
 * realm's configured bases on every grant, refresh included, so a note can never put a foreign audience in a token.
 * Backend services send no {@code aud}; their tokens get every configured base, the servers they were registered for.
 */
final class FhirAudienceTokenPostProcessor implements TokenPostProcessor {

    /** Where Keycloak keeps an unknown authorization-request parameter for the life of the client session. */
    static final String REQUESTED_AUD_NOTE = "client_request_param_aud";
    /** The base the {@code aud} rule matched at authorization, from {@code aud} or {@code resource}. */
    static final String VALIDATED_AUD_NOTE = "smart.fhir.audience";

    @Override
    public void process(TokenPostProcessorContext context) {
        AccessToken token = context.accessToken();
        if (token == null || context.clientSessionCtx() == null) {
            return;
        }
        AuthenticatedClientSessionModel clientSession = context.clientSessionCtx().getClientSession();
        ClientModel client = clientSession.getClient();
        if (!SmartClients.isSmart(client)) {
            return;
        }
        List<String> bases = FhirAudience.bases(client.getRealm().getAttribute(FhirAudience.REALM_ATTRIBUTE));
        String validated = clientSession.getNote(VALIDATED_AUD_NOTE);
        String requested = validated != null ? validated : clientSession.getNote(REQUESTED_AUD_NOTE);
        if (requested != null) {
            FhirAudience.check(requested, null, bases).base().ifPresent(token::addAudience);
        } else if (isServiceAccount(clientSession.getUserSession())) {
            bases.forEach(token::addAudience);
        }
    }

    private static boolean isServiceAccount(UserSessionModel userSession) {
        return userSession != null && userSession.getUser() != null && userSession.getUser().getServiceAccountClientLink() != null;
    }
}
