package org.smartfhir.keycloak.discovery;

import java.util.regex.Pattern;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Makes {@code .well-known/smart-configuration} answer JSON whatever the {@code Accept} header (SMART App Launch
 * 2.2 §"Retrieving .well-known/smart-configuration"; the certification kit sends {@code Accept: text/html} too).
 *
 * <p>Keycloak 26.7.3 declares its well-known endpoint {@code @Produces(application/json)}; an {@code Accept} without
 * JSON is rejected while the request is being matched, before Keycloak has a transaction, and its error-page
 * renderer then fails with a 500. JSON is the document's only representation, so before matching we state the
 * {@code Accept} the endpoint can satisfy. Only this one path is touched; Keycloak's other endpoints keep their own
 * content negotiation.
 */
@Provider
@PreMatching
public final class SmartConfigurationAcceptFilter implements ContainerRequestFilter {

    private static final Pattern SMART_CONFIGURATION =
            Pattern.compile("(^|.*/)realms/[^/]+/\\.well-known/smart-configuration/?$");

    @Override
    public void filter(ContainerRequestContext request) {
        if (isSmartConfigurationRead(request.getMethod(), request.getUriInfo().getPath())) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        }
    }

    static boolean isSmartConfigurationRead(String method, String path) {
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
                && path != null && SMART_CONFIGURATION.matcher(path).matches();
    }
}
