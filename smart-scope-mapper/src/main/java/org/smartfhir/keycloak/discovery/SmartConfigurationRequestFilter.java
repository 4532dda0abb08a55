package org.smartfhir.keycloak.discovery;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import org.smartfhir.keycloak.http.PackEndpoint;
import org.smartfhir.keycloak.http.PackRequestScreen;

/**
 * Makes {@code .well-known/smart-configuration} answer JSON whatever the {@code Accept} header (SMART App Launch
 * 2.2 §"Retrieving .well-known/smart-configuration"; the certification kit sends {@code Accept: text/html} too), and
 * a malformed {@code Content-Type} a 400 instead of the framework's 500.
 *
 * <p>Keycloak 26.7.3 declares its well-known endpoint {@code @Produces(application/json)}; an {@code Accept} without
 * JSON is rejected while the request is being matched, before Keycloak has a transaction, and its error-page
 * renderer then fails with a 500. JSON is the document's only representation, so before matching we state the
 * {@code Accept} the endpoint can satisfy. Only this one path is touched; Keycloak's other endpoints keep their own
 * content negotiation.
 */
@Provider
@PreMatching
public final class SmartConfigurationRequestFilter implements ContainerRequestFilter {

    static final PackEndpoint SMART_CONFIGURATION =
            PackEndpoint.read("\\.well-known/smart-configuration", MediaType.APPLICATION_JSON_TYPE);
    private static final PackRequestScreen SCREEN = new PackRequestScreen(List.of(SMART_CONFIGURATION));

    @Override
    public void filter(ContainerRequestContext request) {
        SCREEN.filter(request);
    }
}
