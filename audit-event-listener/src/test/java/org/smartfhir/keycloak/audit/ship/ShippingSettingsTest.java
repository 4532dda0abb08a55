package org.smartfhir.keycloak.audit.ship;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ShippingSettingsTest {

    @Test
    void printedSettingsNameTheSinksButNotTheirSecrets() {
        Map<String, String> options = Map.of("syslogHost", "siem.example.org", "syslogKeyStore", "/etc/keycloak/siem.p12",
                "syslogKeyStorePassword", "key-store-secret-4711", "fhirUrl", "https://audit.example.org/fhir",
                "fhirAuthorization", "Bearer fhir-sink-secret-0815");
        String printed = ShippingSettings.read(options::get).toString();
        assertFalse(printed.contains("key-store-secret-4711"), printed);
        assertFalse(printed.contains("fhir-sink-secret-0815"), printed);
        assertTrue(printed.contains("siem.example.org") && printed.contains("https://audit.example.org/fhir"), printed);
        assertTrue(printed.contains("syslogKeyStorePassword=(set)") && printed.contains("fhirAuthorization=(set)"), printed);
    }
}
