package org.smartfhir.keycloak.scope;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * RFC 6749 §6 and SMART requirement F25: a refresh may ask for less than the grant holds, never for more. Keycloak
 * silently drops a requested scope the grant does not hold and answers 200 with the rest, so an app cannot tell that
 * its request was not honoured; the pack answers {@code invalid_scope} instead. Comparison is by exact scope string:
 * a refresh asking for {@code patient/Observation.r} under a grant of {@code patient/Observation.rs} narrows nothing
 * Keycloak can issue, so it is refused rather than silently widened back to the granted string.
 */
public final class RefreshScopes {

    private RefreshScopes() {
    }

    /**
     * @param requested the refresh request's {@code scope} parameter (may be {@code null} or blank: no change asked)
     * @param granted   the refresh token's {@code scope} claim
     * @return the requested scopes the grant does not hold, in request order; empty when the request only narrows
     */
    public static Set<String> notGranted(String requested, String granted) {
        List<String> asked = ScopeParser.tokens(requested);
        Set<String> held = new LinkedHashSet<>(ScopeParser.tokens(granted));
        Set<String> missing = new LinkedHashSet<>();
        for (String scope : asked) {
            if (!held.contains(scope)) {
                missing.add(scope);
            }
        }
        return missing;
    }
}
