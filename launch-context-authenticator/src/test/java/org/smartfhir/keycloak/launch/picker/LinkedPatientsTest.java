package org.smartfhir.keycloak.launch.picker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class LinkedPatientsTest {

    @Test
    void attributeIdsAndTheUsersOwnPatientRecordAreLinked() {
        assertEquals(List.of("c1", "c2", "me"), LinkedPatients.of(List.of("c1", "c2", "c1"), "Patient/me"));
        assertEquals(List.of("me"), LinkedPatients.of(null, "https://ehr.example.org/fhir/Patient/me"));
        assertEquals(List.of(), LinkedPatients.of(List.of(), "Practitioner/dr"));
        assertEquals(List.of(), LinkedPatients.of(List.of(), "RelatedPatient/x"), "not a Patient reference");
    }

    @Test
    void invalidIdsAreDroppedNeverRepaired() {
        assertEquals(List.of("ok"), LinkedPatients.of(Arrays.asList("ok", "Patient/1", "a b", "", null, "x".repeat(65)), "Patient/a?b"));
    }
}
