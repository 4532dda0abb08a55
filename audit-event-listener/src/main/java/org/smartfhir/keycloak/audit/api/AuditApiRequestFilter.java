package org.smartfhir.keycloak.audit.api;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import org.smartfhir.keycloak.http.PackEndpoint;
import org.smartfhir.keycloak.http.PackRequestScreen;

/**
 * Screens the compliance API ({@code smart-audit/…}) before the framework reads it ({@link PackRequestScreen}): a
 * malformed {@code Content-Type} or an undecodable query string is a 400 {@code invalid_request}, not the framework's
 * 500. The API reads no bodies and answers FHIR JSON or CSV whatever the {@code Accept} header.
 */
@Provider
@PreMatching
public final class AuditApiRequestFilter implements ContainerRequestFilter {

    static final PackEndpoint AUDIT_API = PackEndpoint.read(AuditResourceProviderFactory.PROVIDER_ID + "(/.*)?", null);
    private static final PackRequestScreen SCREEN = new PackRequestScreen(List.of(AUDIT_API));

    @Override
    public void filter(ContainerRequestContext request) {
        SCREEN.filter(request);
    }
}
