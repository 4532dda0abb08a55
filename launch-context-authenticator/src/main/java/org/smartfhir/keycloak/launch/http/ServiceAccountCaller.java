package org.smartfhir.keycloak.launch.http;

import java.util.Optional;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.smartfhir.keycloak.http.BearerCaller;
import org.smartfhir.keycloak.http.JsonErrors;
import org.smartfhir.keycloak.spi.RealmRoles;

/**
 * Bearer authorization for the pack's machine-to-machine endpoints: the token must be a confidential client's own
 * service-account token (client_credentials), and that service account must hold the endpoint's realm role. A user's
 * token is refused even when the user holds the role: otherwise any app a role holder signs in to — a public SMART
 * app, or a FHIR server that receives the user's token — could use the endpoint in the user's name.
 */
public final class ServiceAccountCaller {

    private static final Logger LOG = Logger.getLogger(ServiceAccountCaller.class);

    private ServiceAccountCaller() {
    }

    /** Empty when the caller may proceed; otherwise the 401 or 403 answer to send. */
    public static Optional<Response> refusal(KeycloakSession session, RealmModel realm, String roleName) {
        BearerCaller.Result bearer = BearerCaller.authenticate(session);
        if (bearer.refusal() != null) {
            return Optional.of(bearer.refusal());
        }
        AuthenticationManager.AuthResult caller = bearer.caller();
        ClientModel client = caller.getClient();
        if (client.isPublicClient() || !client.getId().equals(caller.getUser().getServiceAccountClientLink())) {
            LOG.debugf("refused: the bearer token of client %s is not its own service-account token", client.getClientId());
            return Optional.of(JsonErrors.error(Response.Status.FORBIDDEN, "insufficient_scope",
                    "only a confidential client's own service-account token (client_credentials) is accepted"));
        }
        if (!RealmRoles.holds(realm, caller.getUser(), roleName)) {
            LOG.debugf("refused: service account of client %s lacks role %s", client.getClientId(), roleName);
            return Optional.of(JsonErrors.error(Response.Status.FORBIDDEN, "insufficient_scope",
                    "the caller's service account needs the realm role " + roleName));
        }
        return Optional.empty();
    }
}
