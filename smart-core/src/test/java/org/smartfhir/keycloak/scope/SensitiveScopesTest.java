package org.smartfhir.keycloak.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SensitiveScopesTest {

    private static final SensitiveScopes WRITES = SensitiveScopes.parse(null).orElseThrow();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "'openid fhirUser launch/patient patient/Observation.rs', false",
            "'patient/Observation.read', false",
            "'patient/*.rs user/Patient.r', false",
            "'patient/Observation.c', true",
            "'patient/Observation.rs patient/MedicationRequest.u', true",
            "'user/*.cruds', true",
            "'user/Observation.d', true",
            "'patient/Observation.write', true",
            "'patient/Observation.*', true",
            "'user/*.*', true",
            "'system/Patient.cud', true",
            "'patient/Observation.crs?category=vital-signs', true",
            "'', false",
    })
    void writesInEveryNotationNeedStepUpByDefault(String scope, boolean sensitive) {
        assertEquals(sensitive, WRITES.anyRequested(scope));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource({
            "'patient/MedicationRequest.cu', 'patient/MedicationRequest.c', true",
            "'patient/MedicationRequest.cu', 'patient/Observation.c', false",
            "'patient/MedicationRequest.cu', 'user/MedicationRequest.c', false",
            "'patient/MedicationRequest.cu', 'patient/*.c', true",
            "'*/*.r', 'user/Observation.rs', true",
            "'user/Observation.s', 'user/Observation.r', false",
            "'user/Observation.s patient/*.d', 'patient/Condition.d', true",
    })
    void customPatternsMatchByGrammar(String patterns, String scope, boolean sensitive) {
        assertEquals(sensitive, SensitiveScopes.parse(patterns).orElseThrow().anyRequested(scope));
    }

    @ParameterizedTest
    @ValueSource(strings = {"write", "patient/Observation", "patient/.c", "*/*.", "doctor/*.c", "patient/observation.c",
            "patient/*.x", "patient/*.dc", "/*.c"})
    void malformedPatternsAreRefusedSoTheCallerFailsClosed(String patterns) {
        assertTrue(SensitiveScopes.parse(patterns).isEmpty(), patterns);
    }
}
