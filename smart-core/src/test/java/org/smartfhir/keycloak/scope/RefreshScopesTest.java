package org.smartfhir.keycloak.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RefreshScopesTest {

    private static final String GRANTED = "openid fhirUser launch/patient patient/Observation.rs patient/Condition.rs offline_access";

    @Test
    void noScopeOrTheSameOrANarrowerScopeIsAllowed() {
        assertEquals(Set.of(), RefreshScopes.notGranted(null, GRANTED));
        assertEquals(Set.of(), RefreshScopes.notGranted("  ", GRANTED));
        assertEquals(Set.of(), RefreshScopes.notGranted(GRANTED, GRANTED));
        assertEquals(Set.of(), RefreshScopes.notGranted("patient/Observation.rs", GRANTED));
        assertEquals(Set.of(), RefreshScopes.notGranted("  patient/Condition.rs\topenid ", GRANTED));
    }

    @Test
    void aScopeTheGrantDoesNotHoldIsReportedInRequestOrder() {
        assertEquals(List.of("patient/Patient.rs", "user/*.cruds"),
                List.copyOf(RefreshScopes.notGranted("patient/Patient.rs patient/Observation.rs user/*.cruds", GRANTED)));
    }

    /** Exact strings: a sub-permission of a granted scope is not something Keycloak can issue by narrowing. */
    @Test
    void comparisonIsByExactScopeString() {
        assertEquals(Set.of("patient/Observation.r"), RefreshScopes.notGranted("patient/Observation.r", GRANTED));
        assertEquals(Set.of("PATIENT/Observation.rs"), RefreshScopes.notGranted("PATIENT/Observation.rs", GRANTED));
    }

    @Test
    void nothingIsGrantedFromAnEmptyGrant() {
        assertEquals(Set.of("openid"), RefreshScopes.notGranted("openid", null));
    }
}
