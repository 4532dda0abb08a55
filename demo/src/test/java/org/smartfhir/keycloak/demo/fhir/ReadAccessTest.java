package org.smartfhir.keycloak.demo.fhir;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReadAccessTest {

    @Test
    void aScopeMustNameTheTypeOrStarWithTheRightToReadOrSearch() {
        assertTrue(ReadAccess.scopeAllows("openid patient/Observation.rs", "Observation", true));
        assertTrue(ReadAccess.scopeAllows("patient/Observation.rs", "Observation", false));
        assertTrue(ReadAccess.scopeAllows("patient/*.read", "Condition", true), "v1 read covers search");
        assertTrue(ReadAccess.scopeAllows("user/Patient.r", "Patient", false));
        assertFalse(ReadAccess.scopeAllows("user/Patient.r", "Patient", true), "read without search");
        assertFalse(ReadAccess.scopeAllows("patient/Observation.rs", "Condition", true), "another type");
        assertFalse(ReadAccess.scopeAllows("patient/Observation.cud", "Observation", true), "writes only");
        assertFalse(ReadAccess.scopeAllows("openid fhirUser launch/patient", "Patient", false));
        assertFalse(ReadAccess.scopeAllows(null, "Patient", false));
        assertFalse(ReadAccess.scopeAllows("patient/Observation.rs?category=http://x|laboratory", "Observation", true),
                "a granular scope never widens to the whole type: this server cannot filter by category, so it refuses");
    }

    @Test
    void aPatientInContextReachesOnlyTheirOwnRecords() {
        assertTrue(ReadAccess.compartmentAllows("p1", "p1"));
        assertFalse(ReadAccess.compartmentAllows("p1", "p2"));
        assertFalse(ReadAccess.compartmentAllows("p1", null), "an unrestricted search is refused");
        assertTrue(ReadAccess.compartmentAllows(null, null), "no patient in context: a user or system token");
    }
}
