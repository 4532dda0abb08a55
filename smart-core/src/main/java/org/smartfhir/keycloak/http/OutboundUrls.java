package org.smartfhir.keycloak.http;

import java.net.URI;
import java.util.Locale;

/**
 * Which URLs the server may call out to. Outbound calls carry secrets (the picker's bearer token) or fetch what decides
 * authentication (a client's public keys), so they go over TLS; plain http is allowed only on the loopback interface,
 * where no network can read or alter it.
 */
public final class OutboundUrls {

    private OutboundUrls() {
    }

    /** An absolute https URL, or http to localhost / 127.0.0.1 / ::1; never one with user info. */
    public static boolean isHttpsOrLoopback(String url) {
        if (url == null || url.length() > 2048) {
            return false;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawUserInfo() != null || !(scheme.equals("https") || scheme.equals("http"))) {
            return false;
        }
        if (scheme.equals("https")) {
            return true;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }
}
