package org.smartfhir.keycloak.scope;

import java.util.Set;

/**
 * Who the token is for. SMART ties scope contexts to flows: {@code patient/} and {@code user/} scopes need a user
 * and so an interactive launch; {@code system/} scopes are for backend services (client_credentials) with no user.
 * Mixing them would let a backend token claim a user's compartment, or a browser app obtain system-wide access.
 */
public enum GrantContext {
    INTERACTIVE(Set.of(Context.PATIENT, Context.USER)),
    BACKEND(Set.of(Context.SYSTEM));

    private final Set<Context> allowed;

    GrantContext(Set<Context> allowed) {
        this.allowed = allowed;
    }

    public boolean allows(Context context) {
        return allowed.contains(context);
    }
}
