package org.smartfhir.keycloak.launch.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchApiRequestFilterTest {

    private static boolean screened(String path) {
        return LaunchApiRequestFilter.ENDPOINTS.stream().anyMatch(e -> e.matches(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/realms/smart/smart-launch", "/realms/smart/smart-introspect", "/realms/smart/smart-style",
        "/auth/realms/a/smart-introspect/", "/realms/smart/smart-introspect;x=1"})
    void screensThisModulesEndpoints(String path) {
        assertTrue(screened(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/realms/smart/protocol/openid-connect/token", "/realms/smart/protocol/openid-connect/token/introspect",
        "/realms/smart/protocol/openid-connect/ext/par/request", "/realms/smart/protocol/openid-connect/auth",
        "/realms/smart/smart-launcher", "/realms/smart/smart-audit/AuditEvent", "/admin/realms/smart/smart-launch"})
    void leavesKeycloaksEndpointsAlone(String path) {
        assertFalse(screened(path), path);
    }

    @Test
    void aNullPathIsNotScreened() {
        assertFalse(screened(null));
    }
}
