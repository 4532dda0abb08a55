package org.smartfhir.keycloak.audit.record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.smartfhir.keycloak.spi.ConsentDetails;

/**
 * Maps a Keycloak event to its BALP-shaped {@link AuditRecord}, with the DICOM / IHE codes ATNA and FHIR tools
 * expect: sign-in and sign-out as DICOM "User Authenticated" (110114) with "Login"/"Logout"; every token issued (code
 * exchange, client credentials, refresh, token exchange) as IHE IUA "Get Access Token" (ITI-71) and its failures as
 * 110114 with a failure outcome; introspection as an OAuth token use carrying the token id; credential and security
 * attribute changes, role changes and other security configuration as "Security Alert" (110113) with the subtype
 * dcm4che uses; consent as BALP's consent authorization decision (IHE BALP AuthZ-Consent: type 110113, action E,
 * success on permit, failure on deny) with the granted and the refused scopes and the patient it was given for.
 *
 * <p>Only known-safe event details are read (scope, grant type, token ids, client authentication method, reason, and
 * for consent events the refused scopes, the patient and the revoked client);
 * codes, code ids, redirect URIs with their query, and anything else a client could have filled with a secret are never
 * copied. Every string is cleaned with {@link AuditText}.
 */
public final class BalpMapper {

    private static final Set<String> TOKEN_ISSUANCE = Set.of("CODE_TO_TOKEN", "CLIENT_LOGIN", "REFRESH_TOKEN", "TOKEN_EXCHANGE",
            "AUTHREQID_TO_TOKEN", "OAUTH2_DEVICE_CODE_TO_TOKEN");
    private static final Set<String> CREDENTIAL_CHANGES = Set.of("UPDATE_PASSWORD", "UPDATE_CREDENTIAL", "REMOVE_CREDENTIAL",
            "UPDATE_TOTP", "REMOVE_TOTP", "RESET_PASSWORD", "UPDATE_EMAIL", "UPDATE_PROFILE", "VERIFY_EMAIL", "DELETE_ACCOUNT");
    private static final Set<String> CONSENT = Set.of("GRANT_CONSENT", "UPDATE_CONSENT", "REVOKE_GRANT");
    /** Brute-force protection disabling an account (Keycloak's event types since 24). */
    private static final Set<String> LOCKOUTS = Set.of("USER_DISABLED_BY_TEMPORARY_LOCKOUT", "USER_DISABLED_BY_PERMANENT_LOCKOUT");
    private static final Set<String> ROLE_RESOURCES = Set.of("REALM_ROLE_MAPPING", "CLIENT_ROLE_MAPPING", "REALM_ROLE",
            "CLIENT_ROLE", "GROUP_MEMBERSHIP", "CLIENT_SCOPE_MAPPING");
    private static final Set<String> USER_RESOURCES = Set.of("USER", "USER_SESSION", "USER_FEDERATION_PROVIDER", "USER_PROFILE");
    /** Failures that are evidence of an attack rather than a user's mistake. */
    private static final Set<String> SERIOUS_ERRORS = Set.of("refresh_token_reuse", "invalid_code",
            "user_temporarily_disabled");

    private BalpMapper() {
    }

    public static AuditRecord map(EventFacts facts) {
        String type = facts.type() == null ? "UNKNOWN" : facts.type().toUpperCase(Locale.ROOT);
        boolean failed = !facts.admin() && (facts.error() != null || type.endsWith("_ERROR"));
        String base = type.endsWith("_ERROR") ? type.substring(0, type.length() - "_ERROR".length()) : type;
        Coding eventType;
        List<Coding> subtypes;
        String action = "E";
        if (facts.admin()) {
            String resource = facts.resourceType() == null ? "" : facts.resourceType().toUpperCase(Locale.ROOT);
            eventType = Coding.SECURITY_ALERT;
            subtypes = List.of(ROLE_RESOURCES.contains(resource) ? Coding.ROLES_CHANGED
                    : USER_RESOURCES.contains(resource) || resource.equals("CREDENTIAL") ? Coding.USER_ATTRIBUTES_CHANGED
                    : Coding.SECURITY_CONFIGURATION);
            action = switch (type) {
                case "CREATE" -> "C";
                case "UPDATE" -> "U";
                case "DELETE" -> "D";
                default -> "E";
            };
        } else if (base.equals("LOGIN")) {
            eventType = Coding.USER_AUTHENTICATION;
            subtypes = List.of(Coding.LOGIN);
        } else if (base.equals("LOGOUT")) {
            eventType = Coding.USER_AUTHENTICATION;
            subtypes = List.of(Coding.LOGOUT);
        } else if (TOKEN_ISSUANCE.contains(base)) {
            eventType = failed ? Coding.USER_AUTHENTICATION : Coding.GET_ACCESS_TOKEN;
            subtypes = failed ? List.of(Coding.GET_ACCESS_TOKEN) : List.of();
        } else if (base.equals("AUDIT_QUERY") || base.equals("AUDIT_EXPORT")) {
            eventType = Coding.QUERY;
            subtypes = List.of();
        } else if (base.equals("AUDIT_PURGE")) {
            eventType = Coding.AUDIT_LOG_USED;
            subtypes = List.of();
            action = "D";
        } else if (base.equals("INTROSPECT_TOKEN")) {
            eventType = Coding.REST;
            subtypes = List.of(Coding.TOKEN_INTROSPECTION);
        } else if (CREDENTIAL_CHANGES.contains(base)) {
            eventType = Coding.SECURITY_ALERT;
            subtypes = List.of(Coding.USER_ATTRIBUTES_CHANGED);
            action = base.startsWith("REMOVE") || base.startsWith("DELETE") ? "D" : "U";
        } else if (LOCKOUTS.contains(base)) {
            // A Security Alert, never routine REST: an account was disabled because someone kept guessing its password.
            // Outcome 4 so that a SIEM rule on "outcome is not success" sees it.
            eventType = Coding.SECURITY_ALERT;
            subtypes = List.of(Coding.USER_ATTRIBUTES_CHANGED);
            action = "U";
        } else if (CONSENT.contains(base)) {
            // BALP AuthZ-Consent fixes action E for a decision; a revocation deletes the grant, so it is D.
            eventType = Coding.SECURITY_ALERT;
            subtypes = List.of(Coding.AUTHZ_CONSENT);
            action = base.equals("REVOKE_GRANT") ? "D" : "E";
        } else {
            eventType = Coding.REST;
            subtypes = List.of();
        }
        String error = AuditText.clean(facts.error(), 128);
        String reason = AuditText.clean(facts.details().get("reason"), 256);
        boolean lockout = LOCKOUTS.contains(base);
        int outcome = lockout ? 4 : !failed ? 0 : error != null && SERIOUS_ERRORS.contains(error) ? 8 : 4;
        String outcomeDesc = lockout ? (base.contains("PERMANENT") ? "account disabled" : "account locked for a while")
                + " after repeated failed sign-ins"
                : !failed ? null : error == null ? reason : reason == null ? error : error + ": " + reason;
        boolean consent = CONSENT.contains(base);
        // The consent step runs before any client session exists: its event names the patient itself.
        String patient = facts.patient() != null || !consent ? facts.patient() : facts.details().get(ConsentDetails.PATIENT);
        String tokenId = firstNonNull(facts.details().get("token_id"), facts.details().get("refresh_token_id"));
        return new AuditRecord(
                AuditText.clean(facts.id(), 64),
                AuditText.clean(facts.realmId(), 64),
                AuditText.clean(facts.realmName(), 128),
                Instant.ofEpochMilli(facts.timeMillis()).toString(),
                eventType, subtypes, action, outcome, outcomeDesc,
                AuditText.clean(type, 64),
                AuditText.clean(facts.issuer(), 512),
                AuditText.clean(facts.userId(), 64),
                AuditText.clean(facts.username(), 255),
                AuditText.clean(facts.clientId(), 255),
                AuditText.clean(facts.ipAddress(), 64),
                hash(facts.sessionId()),
                AuditText.clean(tokenId, 128),
                scopes(facts.details().get("scope")),
                AuditText.clean(facts.details().get("grant_type"), 128),
                AuditText.clean(patient, 128),
                AuditText.clean(facts.encounter(), 128),
                AuditText.clean(facts.acr(), 255),
                facts.amr().stream().limit(10).map(a -> AuditText.clean(a, 32)).toList(),
                AuditText.clean(facts.correlationId(), 128),
                AuditText.clean(facts.resourceType(), 64),
                AuditText.clean(facts.resourcePath(), 512),
                consent ? scopes(facts.details().get(ConsentDetails.REFUSED_SCOPE)) : List.of(),
                consent ? AuditText.clean(facts.details().get("revoked_client"), 255) : null);
    }

    /** A space-separated scope list as at most 100 cleaned scopes: the strings come from a client's request. */
    private static List<String> scopes(String scope) {
        return scope == null || scope.isBlank() ? List.of()
                : Arrays.stream(scope.trim().split("\\s+")).limit(100).map(s -> AuditText.clean(s, 255)).toList();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** The session id as a SHA-256 hex digest: correlates records of one sign-in without storing a usable id. */
    static String hash(String sessionId) {
        if (sessionId == null || sessionId.isEmpty()) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
