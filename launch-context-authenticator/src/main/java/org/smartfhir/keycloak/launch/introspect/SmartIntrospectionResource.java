package org.smartfhir.keycloak.launch.introspect;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.utils.AuthorizeClientUtil;
import org.smartfhir.keycloak.launch.http.ContentTypes;
import org.smartfhir.keycloak.http.JsonErrors;
import org.smartfhir.keycloak.http.ScreenedFormStream;
import org.smartfhir.keycloak.launch.http.ServiceAccountCaller;
import org.smartfhir.keycloak.spi.RealmRoles;

/**
 * {@code POST /realms/{realm}/smart-introspect}: RFC 7662 introspection the way SMART resource servers need it
 * (SMART App Launch 2.2 §"Token introspection", requirement G27). The caller authenticates either with a bearer token
 * (which Keycloak's own endpoint refuses) or as a confidential client. Callers holding the realm role
 * {@value #INTROSPECTOR_ROLE} may introspect any token of the realm; other confidential clients get exactly Keycloak's
 * rules (only tokens whose audience names them). The answer carries the launch context and {@code fhirUser} through
 * the mappers of the token's scopes; an invalid token is {@code {"active":false}} and nothing else.
 */
public final class SmartIntrospectionResource {

    public static final String INTROSPECTOR_ROLE = "smart-introspector";

    private final KeycloakSession session;

    SmartIntrospectionResource(KeycloakSession session) {
        this.session = session;
    }

    @POST
    public Response introspect() {
        RealmModel realm = session.getContext().getRealm();
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.INTROSPECT_TOKEN);
        if (!ContentTypes.is(session, MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            return JsonErrors.error(Response.Status.BAD_REQUEST, "invalid_request", "the body must be application/x-www-form-urlencoded");
        }
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        if (form.containsKey(ScreenedFormStream.REFUSED_PARAMETER)) {
            return JsonErrors.error(Response.Status.BAD_REQUEST, "invalid_request", ScreenedFormStream.REFUSED_REASON);
        }
        String authorization = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean anyToken;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<Response> refusal = ServiceAccountCaller.refusal(session, realm, INTROSPECTOR_ROLE);
            if (refusal.isPresent()) {
                return refusal.get();
            }
            anyToken = true;
        } else {
            // Keycloak's client authentication: secrets, private_key_jwt, mTLS; failures answer 401 invalid_client.
            ClientModel client = AuthorizeClientUtil.authorizeClient(session, event, null).getClient();
            if (client.isPublicClient()) {
                return JsonErrors.error(Response.Status.UNAUTHORIZED, "invalid_client", "public clients may not introspect");
            }
            UserModel serviceAccount = client.isServiceAccountsEnabled() ? session.users().getServiceAccount(client) : null;
            anyToken = serviceAccount != null && RealmRoles.holds(realm, serviceAccount, INTROSPECTOR_ROLE);
        }
        if (form.get("token") == null || form.get("token").size() != 1 || form.getFirst("token").isBlank()) {
            return JsonErrors.error(Response.Status.BAD_REQUEST, "invalid_request", "exactly one token parameter is required");
        }
        String hint = form.getFirst("token_type_hint");
        TokenIntrospectionProvider provider = "refresh_token".equals(hint)
                ? session.getProvider(TokenIntrospectionProvider.class, "refresh_token")
                : anyToken ? new AnyAudienceIntrospector(session)
                : session.getProvider(TokenIntrospectionProvider.class, "access_token");
        try {
            return provider.introspect(form.getFirst("token"), event);
        } catch (WebApplicationException shaped) {
            throw shaped; // already an OAuth error response
        } catch (RuntimeException e) {
            // Keycloak's parser fails inside on tokens that are not JWTs at all (a JOSE header of JSON null, an array):
            // RFC 7662 §2.2 answers any token that is not active, however malformed, with {"active":false} alone.
            return JsonErrors.ok(Map.of("active", false));
        }
    }

}
