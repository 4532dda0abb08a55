package org.smartfhir.keycloak.audit.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.audit.chain.CanonicalJson;

class BalpMapperTest {

    @ParameterizedTest(name = "{0} {1} -> {2}#{3} / {4} action {5} outcome {6}")
    @CsvSource(nullValues = "-", value = {
            "LOGIN, -, 110114, http://dicom.nema.org/resources/ontology/DCM, 110122, E, 0",
            "LOGIN_ERROR, invalid_user_credentials, 110114, http://dicom.nema.org/resources/ontology/DCM, 110122, E, 4",
            "LOGIN_ERROR, user_temporarily_disabled, 110114, http://dicom.nema.org/resources/ontology/DCM, 110122, E, 8",
            "LOGOUT, -, 110114, http://dicom.nema.org/resources/ontology/DCM, 110123, E, 0",
            "CODE_TO_TOKEN, -, ITI-71, urn:ihe:event-type-code, -, E, 0",
            "CLIENT_LOGIN, -, ITI-71, urn:ihe:event-type-code, -, E, 0",
            "REFRESH_TOKEN, -, ITI-71, urn:ihe:event-type-code, -, E, 0",
            "TOKEN_EXCHANGE, -, ITI-71, urn:ihe:event-type-code, -, E, 0",
            "CODE_TO_TOKEN_ERROR, invalid_code, 110114, http://dicom.nema.org/resources/ontology/DCM, ITI-71, E, 8",
            "CLIENT_LOGIN_ERROR, invalid_client_credentials, 110114, http://dicom.nema.org/resources/ontology/DCM, ITI-71, E, 4",
            "REFRESH_TOKEN_ERROR, refresh_token_reuse, 110114, http://dicom.nema.org/resources/ontology/DCM, ITI-71, E, 8",
            "INTROSPECT_TOKEN, -, rest, http://terminology.hl7.org/CodeSystem/audit-event-type, introspection, E, 0",
            "UPDATE_PASSWORD, -, 110113, http://dicom.nema.org/resources/ontology/DCM, 110137, U, 0",
            "UPDATE_TOTP, -, 110113, http://dicom.nema.org/resources/ontology/DCM, 110137, U, 0",
            "REMOVE_CREDENTIAL, -, 110113, http://dicom.nema.org/resources/ontology/DCM, 110137, D, 0",
            "GRANT_CONSENT, -, 110113, http://dicom.nema.org/resources/ontology/DCM, AuthZ-Consent, E, 0",
            "GRANT_CONSENT_ERROR, consent_denied, 110113, http://dicom.nema.org/resources/ontology/DCM, AuthZ-Consent, E, 4",
            "UPDATE_CONSENT, -, 110113, http://dicom.nema.org/resources/ontology/DCM, AuthZ-Consent, E, 0",
            "REVOKE_GRANT, -, 110113, http://dicom.nema.org/resources/ontology/DCM, AuthZ-Consent, D, 0",
            "REVOKE_GRANT_ERROR, invalid_token, 110113, http://dicom.nema.org/resources/ontology/DCM, AuthZ-Consent, D, 4",
            "REMOVE_TOTP, -, 110113, http://dicom.nema.org/resources/ontology/DCM, 110137, D, 0",
            "UPDATE_CREDENTIAL, -, 110113, http://dicom.nema.org/resources/ontology/DCM, 110137, U, 0",
            "AUDIT_QUERY, -, 110112, http://dicom.nema.org/resources/ontology/DCM, -, E, 0",
            "USER_INFO_REQUEST, -, rest, http://terminology.hl7.org/CodeSystem/audit-event-type, -, E, 0",
            "USER_DISABLED_BY_TEMPORARY_LOCKOUT, -, 110113, http://dicom.nema.org/resources/ontology/DCM, 110137, U, 4",
            "USER_DISABLED_BY_PERMANENT_LOCKOUT, -, 110113, http://dicom.nema.org/resources/ontology/DCM, 110137, U, 4",
    })
    void userEventsGetTheirBalpCodes(String type, String error, String code, String system, String subtype, String action, int outcome) {
        AuditRecord record = BalpMapper.map(Records.user(type, error, Map.of()));
        assertEquals(code, record.type().code());
        assertEquals(system, record.type().system());
        assertEquals(subtype, record.subtypes().isEmpty() ? null : record.subtypes().get(0).code());
        assertEquals(action, record.action());
        assertEquals(outcome, record.outcome());
        assertEquals(type, record.eventType());
    }

    @ParameterizedTest(name = "{0} {1} -> {2} action {3}")
    @CsvSource({
            "CREATE, USER, 110137, C",
            "UPDATE, CREDENTIAL, 110137, U",
            "CREATE, REALM_ROLE_MAPPING, 110136, C",
            "DELETE, CLIENT_ROLE_MAPPING, 110136, D",
            "CREATE, GROUP_MEMBERSHIP, 110136, C",
            "UPDATE, REALM, 110129, U",
            "UPDATE, AUTH_FLOW, 110129, U",
            "ACTION, USER, 110137, E",
    })
    void adminEventsAreSecurityAlerts(String operation, String resource, String subtype, String action) {
        AuditRecord record = BalpMapper.map(Records.admin(operation, resource, "users/abc"));
        assertEquals("110113", record.type().code());
        assertEquals(subtype, record.subtypes().get(0).code());
        assertEquals(action, record.action());
        assertEquals(0, record.outcome());
        assertEquals(resource, record.resourceType());
    }

    @Test
    void aTokenRecordCarriesWhoWhatAndContextButNeverASecret() {
        AuditRecord record = BalpMapper.map(Records.user("CODE_TO_TOKEN", null, Map.of(
                "scope", "openid launch/patient patient/Observation.rs", "grant_type", "authorization_code",
                "token_id", "jti-123", "code_id", "secret-code-id", "redirect_uri", "https://app.example.org/cb?code=abc",
                "refresh_token", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghijk", "client_secret", "hunter2")));
        assertEquals("jti-123", record.tokenId());
        assertEquals(List.of("openid", "launch/patient", "patient/Observation.rs"), record.scopes());
        assertEquals("authorization_code", record.grantType());
        assertEquals("pat-1", record.patient());
        assertEquals("enc-1", record.encounter());
        assertEquals(List.of("pwd", "otp", "mfa"), record.amr());
        assertEquals("2026-11-18T11:06:40Z", record.recorded(), "ISO-8601 in UTC");
        String stored = CanonicalJson.of(record);
        for (String secret : List.of("secret-code-id", "code=abc", "eyJhbGci", "hunter2", "session-abc")) {
            assertFalse(stored.contains(secret), secret + " must not be stored: " + stored);
        }
        assertEquals(64, record.sessionHash().length(), "the session id only as a SHA-256 hex digest");
    }

    @Test
    void aFailureKeepsItsErrorAndCleanedReason() {
        AuditRecord record = BalpMapper.map(Records.user("LOGIN_ERROR", "invalid_user_credentials",
                Map.of("reason", "bad\r\nINFO forged")));
        assertEquals("invalid_user_credentials: badINFO forged", record.outcomeDesc());
        assertNull(BalpMapper.map(Records.user("LOGIN", null, Map.of())).outcomeDesc());
    }

    @Test
    void aConsentDecisionRecordsWhatWasGrantedAndRefusedForWhichPatient() {
        AuditRecord record = BalpMapper.map(Records.consent("GRANT_CONSENT", null, Map.of(
                "scope", "openid launch/patient patient/Observation.rs", "refused_scope", "patient/Condition.rs patient/Patient.rs",
                "patient", "pat-9", "code_id", "secret-code-id")));
        assertEquals(List.of("openid", "launch/patient", "patient/Observation.rs"), record.scopes());
        assertEquals(List.of("patient/Condition.rs", "patient/Patient.rs"), record.refusedScopes());
        assertEquals("pat-9", record.patient(), "the patient the consent was given for, so that patient= finds it");
        assertEquals("app-1", record.clientId());
        assertTrue(record.consent());
        assertFalse(CanonicalJson.of(record).contains("secret-code-id"));
        assertEquals(record, CanonicalJson.parse(CanonicalJson.of(record)));
    }

    @Test
    void aRefusalIsAFailureNamingWhy() {
        AuditRecord record = BalpMapper.map(Records.consent("GRANT_CONSENT_ERROR", "consent_denied", Map.of(
                "refused_scope", "patient/Observation.rs", "reason", "the user granted the app none of the data permissions it asked for")));
        assertEquals(4, record.outcome());
        assertEquals("consent_denied: the user granted the app none of the data permissions it asked for", record.outcomeDesc());
        assertEquals(List.of(), record.scopes());
        assertEquals(List.of("patient/Observation.rs"), record.refusedScopes());
    }

    @Test
    void anAccountConsoleRevocationNamesTheAppWhoseGrantWasRevoked() {
        AuditRecord record = BalpMapper.map(Records.consent("REVOKE_GRANT", null, Map.of("revoked_client", "app-7")));
        assertEquals("app-7", record.revokedClient());
        assertEquals("D", record.action());
    }

    @Test
    void onlyConsentEventsReadConsentDetailsAndOtherRecordsHashAsBefore() {
        AuditRecord login = BalpMapper.map(Records.consent("LOGIN", null, Map.of("refused_scope", "x", "patient", "forged",
                "revoked_client", "y")));
        assertEquals(List.of(), login.refusedScopes());
        assertNull(login.patient(), "a non-consent event never takes its patient from a detail");
        assertNull(login.revokedClient());
        String stored = CanonicalJson.of(login);
        assertFalse(stored.contains("refusedScopes") || stored.contains("revokedClient"), stored);
    }

    @Test
    void canonicalJsonRoundTrips() {
        AuditRecord record = BalpMapper.map(Records.user("REFRESH_TOKEN", null, Map.of("scope", "openid", "refresh_token_id", "r-1")));
        assertEquals(record, CanonicalJson.parse(CanonicalJson.of(record)));
        assertEquals("r-1", record.tokenId());
    }
}
