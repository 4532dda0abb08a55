package org.smartfhir.keycloak.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.smartfhir.keycloak.scope.ScopeParserTest.resource;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeDescriptionsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "patient/Observation.rs; Read and search your observations (lab results, vital signs)",
            "patient/Observation.read; Read and search your observations (lab results, vital signs)",
            "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory; Read and search your observations (lab results, vital signs), limited to category laboratory",
            "user/MedicationRequest.cu; Create and update medication prescriptions you are allowed to access",
            "user/*.cruds; Read, search, create, update and delete all health records you are allowed to access",
            "system/Patient.rs; Read and search demographics across the system",
            "patient/Flag.r; Read your Flag records",
    })
    void describesInPlainLanguage(String scope, String text) {
        assertEquals(text, ScopeDescriptions.describe(resource(scope)));
    }
}
