package org.smartfhir.keycloak.audit.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditApiRequestFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"/realms/smart/smart-audit", "/realms/smart/smart-audit/AuditEvent", "/realms/smart/smart-audit/AuditEvent.csv",
        "/realms/smart/smart-audit/verify", "/realms/smart/smart-audit/shipping", "/auth/realms/x/smart-audit/AuditEvent/"})
    void screensTheComplianceApi(String path) {
        assertTrue(AuditApiRequestFilter.AUDIT_API.matches(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/realms/smart/protocol/openid-connect/token", "/realms/smart/smart-auditx", "/admin/realms/smart/events"})
    void leavesEverythingElseAlone(String path) {
        assertFalse(AuditApiRequestFilter.AUDIT_API.matches(path), path);
    }
}
