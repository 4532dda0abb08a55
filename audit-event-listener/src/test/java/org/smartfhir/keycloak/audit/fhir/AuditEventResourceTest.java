package org.smartfhir.keycloak.audit.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.smartfhir.keycloak.audit.record.AuditRecord;
import org.smartfhir.keycloak.audit.record.BalpMapper;
import org.smartfhir.keycloak.audit.record.Records;

/** Every kind of record renders as an AuditEvent that HAPI FHIR's R4 validator accepts without errors. */
class AuditEventResourceTest {

    static Stream<AuditRecord> records() {
        return Stream.of(
                BalpMapper.map(Records.user("LOGIN", null, Map.of())),
                BalpMapper.map(Records.user("LOGIN_ERROR", "invalid_user_credentials", Map.of("reason", "wrong password"))),
                BalpMapper.map(Records.user("LOGOUT", null, Map.of())),
                BalpMapper.map(Records.user("CODE_TO_TOKEN", null, Map.of("scope", "openid patient/Observation.rs",
                        "grant_type", "authorization_code", "token_id", "jti-1"))),
                BalpMapper.map(Records.user("REFRESH_TOKEN_ERROR", "refresh_token_reuse", Map.of())),
                BalpMapper.map(Records.user("INTROSPECT_TOKEN", null, Map.of("token_id", "jti-2"))),
                BalpMapper.map(Records.user("UPDATE_TOTP", null, Map.of())),
                BalpMapper.map(Records.user("GRANT_CONSENT", null, Map.of("scope", "patient/*.rs"))),
                BalpMapper.map(Records.consent("GRANT_CONSENT", null, Map.of("scope", "openid patient/Observation.rs",
                        "refused_scope", "patient/Condition.rs", "patient", "pat-9"))),
                BalpMapper.map(Records.consent("GRANT_CONSENT_ERROR", "consent_denied", Map.of(
                        "refused_scope", "patient/Condition.rs", "patient", "pat-9"))),
                BalpMapper.map(Records.consent("REVOKE_GRANT", null, Map.of("revoked_client", "app-7"))),
                BalpMapper.map(Records.admin("CREATE", "REALM_ROLE_MAPPING", "users/u-1/role-mappings/realm")),
                BalpMapper.map(new org.smartfhir.keycloak.audit.record.EventFacts(false, "CLIENT_LOGIN_ERROR", "client_not_found",
                        1_795_000_000_000L, "e-x", "realm-1", "smart", null, null, null, null, "192.0.2.1", null, Map.of(),
                        null, null, null, null, null, List.of(), null)),
                BalpMapper.map(new org.smartfhir.keycloak.audit.record.EventFacts(false, "AUDIT_PURGE", null,
                        1_795_000_000_000L, "e-p", "realm-1", "smart", null, null, null, null, null, null, Map.of(),
                        "AuditEvent", "purged sequence 1..10 (recorded before 2020-01-01T00:00:00Z, shipped to every sink); "
                        + "chain continues after hash " + "a".repeat(64), null, null, null, List.of(), null)));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("records")
    void rendersAsAValidR4AuditEvent(AuditRecord record) {
        ObjectNode resource = AuditEventResource.render(record);
        assertNoErrors(resource.toString());
    }

    @Test
    void theTokenIdIsTheAgentPolicyAndThePatientAnEntity() {
        ObjectNode resource = AuditEventResource.render(BalpMapper.map(Records.user("CODE_TO_TOKEN", null, Map.of("token_id", "jti-9"))));
        assertEquals("urn:ietf:params:oauth:jti:jti-9", resource.at("/agent/0/policy/0").asText());
        assertEquals("Patient/pat-1", resource.at("/entity/0/what/reference").asText());
        assertEquals("ITI-71", resource.at("/type/code").asText());
    }

    @Test
    void aConsentDecisionHasBalpsConsentEntityWithGrantedAndRefusedScopesApart() {
        ObjectNode resource = AuditEventResource.render(BalpMapper.map(Records.consent("GRANT_CONSENT", null, Map.of(
                "scope", "openid patient/Observation.rs", "refused_scope", "patient/Condition.rs", "patient", "pat-9"))));
        assertEquals("AuthZ-Consent", resource.at("/subtype/0/code").asText());
        assertEquals("Patient/pat-9", resource.at("/entity/0/what/reference").asText());
        assertEquals("1", resource.at("/entity/0/role/code").asText());
        assertEquals("Consent", resource.at("/entity/1/type/code").asText());
        assertEquals("granted-scope", resource.at("/entity/1/detail/0/type").asText());
        assertEquals("openid patient/Observation.rs", resource.at("/entity/1/detail/0/valueString").asText());
        assertEquals("refused-scope", resource.at("/entity/1/detail/1/type").asText());
        assertEquals("patient/Condition.rs", resource.at("/entity/1/detail/1/valueString").asText());
        assertEquals(-1, resource.at("/entity/2").toString().indexOf("\"scope\""), "the grant is not repeated as a plain scope");
    }

    @Test
    void aSearchBundleIsValidToo() {
        ObjectNode bundle = AuditEventResource.bundle(List.of(BalpMapper.map(Records.user("LOGIN", null, Map.of()))), 1,
                "https://idp.example.org/realms/smart/smart-audit", "https://idp.example.org/realms/smart/smart-audit/AuditEvent", null);
        assertNoErrors(bundle.toString());
    }

    private static void assertNoErrors(String json) {
        R4Validation.assertValid(json);
    }
}
