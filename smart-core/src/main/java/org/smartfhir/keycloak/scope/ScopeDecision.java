package org.smartfhir.keycloak.scope;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking one {@code scope} parameter against a client's ceiling.
 *
 * @param resourceScopes SMART resource scopes within the ceiling, as requested (verbatim, de-duplicated, in request
 *                       order): each must exist as a client scope linked to the client before Keycloak checks scopes
 * @param namedScopes    SMART identity and context scopes the pack implements (e.g. {@code fhirUser}) that were
 *                       requested: they too must exist and be linked
 * @param rejection      the first scope that must be refused with {@code invalid_scope}, if any
 */
public record ScopeDecision(List<String> resourceScopes, List<SmartScope.Kind> namedScopes, Optional<Rejection> rejection) {

    public ScopeDecision {
        resourceScopes = List.copyOf(resourceScopes);
        namedScopes = List.copyOf(namedScopes);
    }

    public boolean rejected() {
        return rejection.isPresent();
    }

    /** Why a requested scope is refused. {@code scope} is the raw request value: sanitize before echoing it. */
    public record Rejection(String scope, String reason) {
    }
}
