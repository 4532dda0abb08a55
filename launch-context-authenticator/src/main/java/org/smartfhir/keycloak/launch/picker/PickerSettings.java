package org.smartfhir.keycloak.launch.picker;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.smartfhir.keycloak.spi.RealmRoles;

/**
 * The picker's configuration as the admin set it on the flow step. Unset or garbled values fall back to safe
 * defaults; there is no value that widens what a user may pick (search is only ever for the listed roles).
 */
public record PickerSettings(String fhirBaseUrl, List<String> searchRoles, String patientAttribute, int pageSize, Duration timeout) {

    static final String FHIR_BASE_URL = "fhir.base.url";
    static final String SEARCH_ROLES = "search.roles";
    static final String PATIENT_ATTRIBUTE = "patient.attribute";
    static final String PAGE_SIZE = "page.size";
    static final String TIMEOUT_SECONDS = "timeout.seconds";

    static final String DEFAULT_SEARCH_ROLES = "smart-clinician";
    public static final String DEFAULT_PATIENT_ATTRIBUTE = "smartPatient";
    static final int DEFAULT_PAGE_SIZE = 10;
    static final int DEFAULT_TIMEOUT_SECONDS = 5;

    static PickerSettings of(Map<String, String> config) {
        Map<String, String> c = config == null ? Map.of() : config;
        String base = blankToNull(c.get(FHIR_BASE_URL));
        List<String> roles = RealmRoles.names(c.getOrDefault(SEARCH_ROLES, DEFAULT_SEARCH_ROLES));
        String attribute = blankToNull(c.get(PATIENT_ATTRIBUTE));
        return new PickerSettings(base, roles, attribute == null ? DEFAULT_PATIENT_ATTRIBUTE : attribute,
                bounded(c.get(PAGE_SIZE), DEFAULT_PAGE_SIZE, 1, 50),
                Duration.ofSeconds(bounded(c.get(TIMEOUT_SECONDS), DEFAULT_TIMEOUT_SECONDS, 1, 30)));
    }

    private static int bounded(String value, int fallback, int min, int max) {
        try {
            return value == null || value.isBlank() ? fallback : Math.max(min, Math.min(max, Integer.parseInt(value.trim())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
