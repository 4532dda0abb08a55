package org.smartfhir.keycloak.audit.listener;

import org.keycloak.models.KeycloakSession;

/**
 * The caller's request id ({@value #HEADER}, as proxies and API gateways set it), so that a record can be matched with
 * the gateway's and the application's own logs of the same request.
 */
public final class RequestCorrelation {

    public static final String HEADER = "X-Request-Id";

    private RequestCorrelation() {
    }

    /** The header as sent (the record mapper cleans and bounds it), or null outside a request or without one. */
    public static String of(KeycloakSession session) {
        try {
            var headers = session.getContext().getRequestHeaders();
            return headers == null ? null : headers.getHeaderString(HEADER);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
