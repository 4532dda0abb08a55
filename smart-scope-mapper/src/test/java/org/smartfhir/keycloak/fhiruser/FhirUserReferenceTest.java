package org.smartfhir.keycloak.fhiruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FhirUserReferenceTest {

    @ParameterizedTest
    @ValueSource(strings = {"Patient/123", "Practitioner/abc-1.2", "RelatedPerson/r1", "Person/p",
            "https://ehr.example.org/fhir/Patient/123", "http://127.0.0.1:18090/fhir/Practitioner/dr-1"})
    void acceptsReferencesToTheFourUserTypes(String value) {
        assertEquals(Optional.of(value), FhirUserReference.validate(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PractitionerRole/1", "Organization/1", "Patient", "Patient/", "Patient/a b", "patient/1",
            "Patient/" + "x" + "1234567890123456789012345678901234567890123456789012345678901234",
            "Patient/1/_history/2", "https://ehr.example.org/fhir/Patient/1?x=1", "https://u@ehr.example.org/fhir/Patient/1",
            "ftp://ehr.example.org/Patient/1", "javascript:alert(1)//Patient/1", "Patient/1\n", " Patient/1", "Patient/<1>", ""})
    void withholdsAnythingElse(String value) {
        assertTrue(FhirUserReference.validate(value).isEmpty(), value);
    }
}
