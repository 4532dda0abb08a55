package org.smartfhir.keycloak.stepup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.assurance.AssuranceLevel;

class StepUpPolicyTest {

    @Test
    void defaultsAreAal2ForReadingAndAal3ForWriting() {
        StepUpPolicy policy = StepUpPolicy.of(Map.of());
        assertEquals(AssuranceLevel.AAL2, policy.required("openid launch/patient patient/Observation.rs"));
        assertEquals(AssuranceLevel.AAL3, policy.required("openid launch/patient patient/Observation.cruds"));
        assertEquals(AssuranceLevel.AAL3, policy.required("patient/MedicationRequest.write"));
        assertEquals(AssuranceLevel.AAL2, policy.required(null));
    }

    @Test
    void theConfigurationChangesPatternsAndLevels() {
        StepUpPolicy policy = StepUpPolicy.of(Map.of(StepUpPolicy.SCOPES, "patient/MedicationRequest.cu",
                StepUpPolicy.LEVEL, "aal3", StepUpPolicy.MINIMUM, "aal1"));
        assertEquals(AssuranceLevel.AAL1, policy.required("patient/Observation.cruds"));
        assertEquals(AssuranceLevel.AAL3, policy.required("patient/MedicationRequest.c"));
    }

    @Test
    void aStepUpLevelBelowTheMinimumNeverLowersIt() {
        StepUpPolicy policy = StepUpPolicy.of(Map.of(StepUpPolicy.LEVEL, "aal1", StepUpPolicy.MINIMUM, "aal2"));
        assertEquals(AssuranceLevel.AAL2, policy.required("patient/Observation.c"));
    }

    @Test
    void anUnreadableConfigurationFailsClosed() {
        assertEquals(AssuranceLevel.AAL3, StepUpPolicy.of(Map.of(StepUpPolicy.SCOPES, "writes please"))
                .required("patient/Observation.rs"), "unreadable patterns: every request needs the step-up level");
        assertEquals(AssuranceLevel.AAL3, StepUpPolicy.of(Map.of(StepUpPolicy.MINIMUM, "strong"))
                .required("patient/Observation.rs"), "unreadable minimum: the highest level");
        assertEquals(AssuranceLevel.AAL3, StepUpPolicy.of(Map.of(StepUpPolicy.LEVEL, "gold"))
                .required("patient/Observation.c"));
    }
}
