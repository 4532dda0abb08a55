package org.smartfhir.keycloak.audit.record;

import java.util.List;
import java.util.Map;

/**
 * What the listener knows about one Keycloak event, as plain values: the adapter copies them out of Keycloak's
 * {@code Event} / {@code AdminEvent} and session notes, and {@link BalpMapper} decides what becomes of them. Every value
 * may be hostile (a username, a redirect URI, a reason string can carry whatever a client sent).
 *
 * @param admin        an admin event (operation and resource) rather than a user event
 * @param type         Keycloak's event type (LOGIN, CODE_TO_TOKEN_ERROR, …) or, for admin events, the operation type
 * @param details      Keycloak's event details; only known-safe keys are ever read
 */
public record EventFacts(
        boolean admin,
        String type,
        String error,
        long timeMillis,
        String id,
        String realmId,
        String realmName,
        String issuer,
        String userId,
        String username,
        String clientId,
        String ipAddress,
        String sessionId,
        Map<String, String> details,
        String resourceType,
        String resourcePath,
        String patient,
        String encounter,
        String acr,
        List<String> amr,
        String correlationId) {

    public EventFacts {
        details = details == null ? Map.of() : Map.copyOf(details);
        amr = amr == null ? List.of() : List.copyOf(amr);
    }
}
