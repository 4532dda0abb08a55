package org.smartfhir.keycloak.http;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * RFC 6749 §5.2 / RFC 6750 §3 shaped JSON answers for the pack's REST endpoints: a client library that handles
 * Keycloak's token-endpoint errors handles ours. Descriptions are fixed texts, never request values, and kept within
 * §5.2's character set ({@link ErrorDescription}) whatever a caller passes.
 */
public final class JsonErrors {

    private JsonErrors() {
    }

    public static Response error(Response.Status status, String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", ErrorDescription.of(description));
        Response.ResponseBuilder builder = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .cacheControl(noStore()).header("Pragma", "no-cache").entity(body);
        if ("invalid_token".equals(error) || "insufficient_scope".equals(error)) {
            builder.header("WWW-Authenticate", "Bearer error=\"" + error + "\"");
        }
        return builder.build();
    }

    public static Response ok(Object body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).cacheControl(noStore()).header("Pragma", "no-cache").build();
    }

    private static CacheControl noStore() {
        CacheControl cc = new CacheControl();
        cc.setNoStore(true);
        cc.setNoCache(true);
        return cc;
    }
}
