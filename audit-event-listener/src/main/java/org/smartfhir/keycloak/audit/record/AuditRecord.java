package org.smartfhir.keycloak.audit.record;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One audit record in IHE Basic Audit Log Patterns (BALP) shape, independent of any output format: the FHIR
 * {@code AuditEvent}, the ATNA syslog message and the JSON line are renderings of it, and the hash chain covers it.
 * It holds identifiers, never secrets: the token's {@code jti}, never the token; a hash of the session id, never the id
 * (a session id is a bearer credential for Keycloak's admin API).
 *
 * @param recorded   ISO-8601 instant in UTC
 * @param action     FHIR AuditEvent.action: C, R, U, D or E
 * @param outcome    FHIR AuditEvent.outcome: 0 success, 4 minor failure, 8 serious failure, 12 major failure
 * @param sessionHash hex SHA-256 of the Keycloak session id, or {@code null}
 * @param scopes     the scopes of the event; for a consent decision, those granted
 * @param refusedScopes for a consent decision, the data permissions the app asked for and the person did not grant
 *                   (left out of the canonical JSON when empty, so every other record hashes as before)
 * @param revokedClient for a revocation, the app whose grant was revoked (Keycloak's {@code revoked_client}: in the
 *                   account console the event's client is the console itself)
 */
public record AuditRecord(
        String id,
        String realmId,
        String realmName,
        String recorded,
        Coding type,
        List<Coding> subtypes,
        String action,
        int outcome,
        String outcomeDesc,
        String eventType,
        String issuer,
        String userId,
        String username,
        String clientId,
        String ipAddress,
        String sessionHash,
        String tokenId,
        List<String> scopes,
        String grantType,
        String patient,
        String encounter,
        String acr,
        List<String> amr,
        String correlationId,
        String resourceType,
        String resourcePath,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> refusedScopes,
        @JsonInclude(JsonInclude.Include.NON_NULL) String revokedClient) {

    public AuditRecord {
        subtypes = subtypes == null ? List.of() : List.copyOf(subtypes);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        refusedScopes = refusedScopes == null ? List.of() : List.copyOf(refusedScopes);
        amr = amr == null ? List.of() : List.copyOf(amr);
    }

    /** A consent decision or revocation (BALP AuthZ-Consent), whose scopes are what the person granted. */
    @JsonIgnore
    public boolean consent() {
        return subtypes.contains(Coding.AUTHZ_CONSENT);
    }
}
