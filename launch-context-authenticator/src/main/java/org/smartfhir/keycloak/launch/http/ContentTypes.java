package org.smartfhir.keycloak.launch.http;

import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;

/** Content-Type checks that treat a malformed header as a wrong one (a 4xx), never as a server error. */
public final class ContentTypes {

    private ContentTypes() {
    }

    public static boolean is(KeycloakSession session, MediaType expected) {
        try {
            MediaType type = session.getContext().getRequestHeaders().getMediaType();
            return type != null && type.isCompatible(expected);
        } catch (RuntimeException malformed) {
            return false;
        }
    }
}
