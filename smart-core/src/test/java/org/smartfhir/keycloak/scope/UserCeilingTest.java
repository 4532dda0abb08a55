package org.smartfhir.keycloak.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class UserCeilingTest {

    private static final Map<String, String> ROLES = UserCeiling.parseRoleCeilings("""
            smart-clinician: patient/*.cruds user/*.cruds
            front-desk: user/Appointment.cruds
            not a mapping line
            : patient/*.rs
            front-desk: user/Patient.rs
            """);
    private static final String REQUEST = "openid fhirUser launch/patient patient/Observation.rs user/Observation.rs "
            + "user/Appointment.cu system/Patient.rs user/Patient.read offline_access";

    @Test
    void parsesTheAdminsMappingIgnoringMalformedLines() {
        assertEquals(Map.of("smart-clinician", "patient/*.cruds user/*.cruds", "front-desk", "user/Appointment.cruds user/Patient.rs"), ROLES);
    }

    @Test
    void aPatientGrantsOnlyPatientScopes() {
        assertEquals("openid fhirUser launch/patient patient/Observation.rs offline_access",
                UserCeiling.of(true, Set.of(), ROLES).narrow(REQUEST));
    }

    @Test
    void aPatientWhoAlsoHoldsAStaffRoleStillGrantsOnlyPatientScopes() {
        assertEquals("openid fhirUser launch/patient patient/Observation.rs offline_access",
                UserCeiling.of(true, Set.of("smart-clinician", "front-desk"), ROLES).narrow(REQUEST));
    }

    @Test
    void aClinicianGrantsWhatTheRoleMapsTo() {
        assertEquals("openid fhirUser launch/patient patient/Observation.rs user/Observation.rs user/Appointment.cu user/Patient.read offline_access",
                UserCeiling.of(false, List.of("smart-clinician"), ROLES).narrow(REQUEST));
    }

    @Test
    void rolesCombineAndPatternsNarrow() {
        assertEquals("openid fhirUser launch/patient user/Appointment.cu user/Patient.read offline_access",
                UserCeiling.of(false, List.of("front-desk", "unmapped"), ROLES).narrow(REQUEST));
    }

    @Test
    void aUserWithoutAMappedRoleGrantsNoResourceScope() {
        assertEquals("openid fhirUser launch/patient offline_access", UserCeiling.of(false, List.of("offline_access"), ROLES).narrow(REQUEST));
        assertEquals("openid fhirUser launch/patient offline_access", UserCeiling.of(false, List.of("smart-clinician"), Map.of()).narrow(REQUEST));
    }

    @Test
    void systemScopesNeverComeFromAUserAndMalformedOnesAreDropped() {
        assertEquals("openid", UserCeiling.of(true, List.of("smart-clinician"), ROLES).narrow("openid system/*.rs patient/Observation.sr"));
        assertEquals("", UserCeiling.of(false, List.of(), ROLES).narrow("user/*.rs"));
    }
}
