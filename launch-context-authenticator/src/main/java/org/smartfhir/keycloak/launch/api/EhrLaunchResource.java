package org.smartfhir.keycloak.launch.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.smartfhir.keycloak.launch.context.LaunchRequest;
import org.smartfhir.keycloak.launch.context.LaunchRequestParser;
import org.smartfhir.keycloak.launch.handle.LaunchStore;
import org.smartfhir.keycloak.launch.http.ContentTypes;
import org.smartfhir.keycloak.http.JsonErrors;
import org.smartfhir.keycloak.launch.http.ServiceAccountCaller;

/**
 * {@code POST /realms/{realm}/smart-launch}: an EHR mints the {@code launch} handle it then passes to the app
 * (SMART App Launch 2.2 §"EHR launch"). Only the EHR's own service-account token, holding the realm role
 * {@value #LAUNCHER_ROLE}, may mint: a handle carries a patient context that the app's token will be restricted to, so
 * minting one is as sensitive as choosing the patient in the EHR.
 */
public final class EhrLaunchResource {

    private static final Logger LOG = Logger.getLogger(EhrLaunchResource.class);

    /** Realm role of the EHR's service account (or of any caller allowed to start EHR launches). */
    public static final String LAUNCHER_ROLE = "smart-ehr-launcher";

    private final KeycloakSession session;

    EhrLaunchResource(KeycloakSession session) {
        this.session = session;
    }

    @POST
    public Response mint(InputStream body) {
        RealmModel realm = session.getContext().getRealm();
        Optional<Response> refusal = ServiceAccountCaller.refusal(session, realm, LAUNCHER_ROLE);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (!ContentTypes.is(session, MediaType.APPLICATION_JSON_TYPE)) {
            return JsonErrors.error(Response.Status.UNSUPPORTED_MEDIA_TYPE, "invalid_request", "the body must be application/json");
        }
        LaunchRequestParser.Result parsed = LaunchRequestParser.parse(readBounded(body));
        if (!parsed.ok()) {
            return JsonErrors.error(Response.Status.BAD_REQUEST, "invalid_request", parsed.error());
        }
        LaunchRequest request = parsed.request();
        ClientModel app = realm.getClientByClientId(request.clientId());
        if (app == null || !app.isEnabled()) {
            return JsonErrors.error(Response.Status.BAD_REQUEST, "invalid_request", "client_id is not an enabled client of this realm");
        }
        String userId = null;
        if (request.user() != null) {
            UserModel user = session.users().getUserById(realm, request.user());
            if (user == null) {
                user = session.users().getUserByUsername(realm, request.user());
            }
            if (user == null || !user.isEnabled()) {
                return JsonErrors.error(Response.Status.BAD_REQUEST, "invalid_request", "user is not an enabled user of this realm");
            }
            userId = user.getId();
        }
        int ttl = LaunchStore.ttl(realm);
        String handle = new LaunchStore(session).mint(realm, new LaunchStore.Launch(app.getClientId(), userId, request.context()), ttl);
        LOG.debugf("EHR launch minted for client %s", app.getClientId());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("launch", handle);
        answer.put("expires_in", ttl);
        return JsonErrors.ok(answer);
    }

    /** Reads at most one byte more than the parser accepts, so an oversized body costs no more than that. */
    private static byte[] readBounded(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try {
            return body.readNBytes(LaunchRequestParser.MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
