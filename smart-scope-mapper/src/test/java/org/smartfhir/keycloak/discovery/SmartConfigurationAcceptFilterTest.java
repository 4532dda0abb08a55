package org.smartfhir.keycloak.discovery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmartConfigurationAcceptFilterTest {

    @Test
    void matchesTheSmartDocumentOfAnyRealmWithOrWithoutContextPath() {
        assertTrue(SmartConfigurationAcceptFilter.isSmartConfigurationRead("GET", "/realms/smart/.well-known/smart-configuration"));
        assertTrue(SmartConfigurationAcceptFilter.isSmartConfigurationRead("GET", "realms/smart/.well-known/smart-configuration/"));
        assertTrue(SmartConfigurationAcceptFilter.isSmartConfigurationRead("HEAD", "/auth/realms/a-b/.well-known/smart-configuration"));
    }

    @Test
    void leavesEverythingElseToKeycloaksContentNegotiation() {
        assertFalse(SmartConfigurationAcceptFilter.isSmartConfigurationRead("GET", "/realms/smart/.well-known/openid-configuration"));
        assertFalse(SmartConfigurationAcceptFilter.isSmartConfigurationRead("POST", "/realms/smart/.well-known/smart-configuration"));
        assertFalse(SmartConfigurationAcceptFilter.isSmartConfigurationRead("GET", "/realms/smart/.well-known/smart-configuration/x"));
        assertFalse(SmartConfigurationAcceptFilter.isSmartConfigurationRead("GET", "/realms/a/b/.well-known/smart-configuration"));
        assertFalse(SmartConfigurationAcceptFilter.isSmartConfigurationRead("GET", "/admin/realms/smart"));
        assertFalse(SmartConfigurationAcceptFilter.isSmartConfigurationRead("GET", null));
    }
}
