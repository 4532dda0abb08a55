package org.smartfhir.keycloak.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ScopePolicyTest {

    private static final ScopeCeiling APP = ScopeCeiling.parse("patient/*.rs  user/Observation.cruds\tpatient/Condition.write");
    private static final ScopeCeiling BACKEND = ScopeCeiling.parse("system/*.rs");

    @Test
    void withinTheCeilingIsMaterializedVerbatimDedupedInOrder() {
        ScopeDecision d = ScopePolicy.decide(
                "openid fhirUser launch/patient patient/Observation.read patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory "
                        + "user/Observation.cu patient/Observation.read offline_access email", APP, GrantContext.INTERACTIVE);
        assertFalse(d.rejected());
        assertEquals(List.of("patient/Observation.read",
                "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
                "user/Observation.cu"), d.resourceScopes());
    }

    @Test
    void fhirUserIsProvidedForLaunchesButLaunchScopesAreNotYet() {
        ScopeDecision d = ScopePolicy.decide("openid fhirUser launch/patient launch offline_access", APP, GrantContext.INTERACTIVE);
        assertEquals(List.of(SmartScope.Kind.FHIR_USER), d.namedScopes());
        assertEquals(List.of(), ScopePolicy.decide("fhirUser system/*.rs", BACKEND, GrantContext.BACKEND).namedScopes(),
                "no user, no fhirUser");
    }

    @Test
    void outsideTheCeilingIsRejected() {
        ScopeDecision d = ScopePolicy.decide("openid patient/Observation.rs patient/Observation.cruds", APP, GrantContext.INTERACTIVE);
        assertTrue(d.rejected());
        assertEquals("patient/Observation.cruds", d.rejection().orElseThrow().scope());
        assertTrue(d.resourceScopes().isEmpty(), "nothing is created for a rejected request");
        assertTrue(ScopePolicy.decide("user/Condition.rs", APP, GrantContext.INTERACTIVE).rejected());
        assertFalse(ScopePolicy.decide("patient/Condition.cud", APP, GrantContext.INTERACTIVE).rejected(), "v2 within a v1 pattern");
    }

    @Test
    void malformedSmartScopesAreRejectedWithTheirReason() {
        ScopeDecision d = ScopePolicy.decide("openid patient/Observation.sr", APP, GrantContext.INTERACTIVE);
        assertTrue(d.rejection().orElseThrow().reason().contains("order"));
    }

    @Test
    void contextsFollowTheGrant() {
        assertTrue(ScopePolicy.decide("system/Patient.rs", ScopeCeiling.parse("system/*.rs patient/*.rs"), GrantContext.INTERACTIVE).rejected());
        assertTrue(ScopePolicy.decide("patient/Patient.rs", ScopeCeiling.parse("system/*.rs patient/*.rs"), GrantContext.BACKEND).rejected());
        assertEquals(List.of("system/Patient.rs"), ScopePolicy.decide("system/Patient.rs", BACKEND, GrantContext.BACKEND).resourceScopes());
    }

    @Test
    void aClientWithoutACeilingGetsNoResourceScopes() {
        ScopeCeiling none = ScopeCeiling.parse(null);
        assertTrue(ScopePolicy.decide("patient/Observation.rs", none, GrantContext.INTERACTIVE).rejected());
        assertFalse(ScopePolicy.decide("openid profile email", none, GrantContext.INTERACTIVE).rejected(),
                "non-SMART scopes stay Keycloak's business");
    }

    @Test
    void malformedCeilingPatternsAreIgnoredNeverWidening() {
        ScopeCeiling typo = ScopeCeiling.parse("patient/*.sr patient/Observation.rs launch openid");
        assertEquals(List.of("patient/*.sr", "launch", "openid"), typo.ignored());
        assertTrue(ScopePolicy.decide("patient/Condition.rs", typo, GrantContext.INTERACTIVE).rejected());
        assertFalse(ScopePolicy.decide("patient/Observation.rs", typo, GrantContext.INTERACTIVE).rejected());
    }

    @Test
    void oversizedRequestsAreRejected() {
        String many = String.join(" ", java.util.Collections.nCopies(ScopePolicy.MAX_SCOPES + 1, "openid"));
        assertTrue(ScopePolicy.decide(many, APP, GrantContext.INTERACTIVE).rejected());
        assertTrue(ScopePolicy.decide("x".repeat(ScopePolicy.MAX_PARAMETER_LENGTH + 1), APP, GrantContext.INTERACTIVE).rejected());
        assertFalse(ScopePolicy.decide("   ", APP, GrantContext.INTERACTIVE).rejected());
        assertFalse(ScopePolicy.decide(null, APP, GrantContext.INTERACTIVE).rejected());
    }
}
