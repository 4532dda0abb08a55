package org.smartfhir.keycloak.discovery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmartConfigurationRequestFilterTest {

    @Test
    void matchesTheSmartDocumentOfAnyRealmWithOrWithoutContextPath() {
        assertTrue(SmartConfigurationRequestFilter.SMART_CONFIGURATION.matches("/realms/smart/.well-known/smart-configuration"));
        assertTrue(SmartConfigurationRequestFilter.SMART_CONFIGURATION.matches("realms/smart/.well-known/smart-configuration/"));
        assertTrue(SmartConfigurationRequestFilter.SMART_CONFIGURATION.matches("/auth/realms/a-b/.well-known/smart-configuration"));
        assertTrue(SmartConfigurationRequestFilter.SMART_CONFIGURATION.matches("/realms/smart/.well-known/smart-configuration;x=1"));
    }

    @Test
    void leavesEverythingElseToKeycloaksContentNegotiation() {
        assertFalse(SmartConfigurationRequestFilter.SMART_CONFIGURATION.matches("/realms/smart/.well-known/openid-configuration"));
        assertFalse(SmartConfigurationRequestFilter.SMART_CONFIGURATION.matches("/realms/smart/.well-known/smart-configuration/x"));
        assertFalse(SmartConfigurationRequestFilter.SMART_CONFIGURATION.matches("/realms/a/b/.well-known/smart-configuration"));
        assertFalse(SmartConfigurationRequestFilter.SMART_CONFIGURATION.matches("/realms/smart/.well-known/smart-configurationx"));
        assertFalse(SmartConfigurationRequestFilter.SMART_CONFIGURATION.matches("/admin/realms/smart"));
        assertFalse(SmartConfigurationRequestFilter.SMART_CONFIGURATION.matches(null));
    }
}
