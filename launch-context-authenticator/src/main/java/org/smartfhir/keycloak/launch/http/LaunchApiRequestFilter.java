package org.smartfhir.keycloak.launch.http;

import java.util.List;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.smartfhir.keycloak.http.PackEndpoint;
import org.smartfhir.keycloak.http.PackRequestScreen;
import org.smartfhir.keycloak.launch.api.EhrLaunchResourceProviderFactory;
import org.smartfhir.keycloak.launch.introspect.SmartIntrospectionResourceProviderFactory;
import org.smartfhir.keycloak.launch.style.SmartStyleResourceProviderFactory;

/**
 * Screens this module's endpoints before the framework reads them ({@link PackRequestScreen}): the launch API takes
 * JSON (else 415, RFC 9110 §15.5.16), introspection a decodable, bounded form (RFC 7662 §2.1; else 400 as RFC 6749
 * §5.2 answers a malformed request), the style document no body. A malformed {@code Content-Type} or undecodable form
 * is then a 400 {@code invalid_request}, not the framework's 500 with the body in the log.
 */
@Provider
@PreMatching
public final class LaunchApiRequestFilter implements ContainerRequestFilter {

    static final List<PackEndpoint> ENDPOINTS = List.of(
            PackEndpoint.write(EhrLaunchResourceProviderFactory.PROVIDER_ID, HttpMethod.POST, MediaType.APPLICATION_JSON_TYPE,
                    Response.Status.UNSUPPORTED_MEDIA_TYPE),
            PackEndpoint.write(SmartIntrospectionResourceProviderFactory.PROVIDER_ID, HttpMethod.POST,
                    MediaType.APPLICATION_FORM_URLENCODED_TYPE, Response.Status.BAD_REQUEST),
            PackEndpoint.read(SmartStyleResourceProviderFactory.PROVIDER_ID, MediaType.APPLICATION_JSON_TYPE));
    private static final PackRequestScreen SCREEN = new PackRequestScreen(ENDPOINTS);

    @Override
    public void filter(ContainerRequestContext request) {
        SCREEN.filter(request);
    }
}
