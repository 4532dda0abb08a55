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
    void identityAndLaunchScopesAreProvidedForLaunchesOnly() {
        ScopeDecision d = ScopePolicy.decide("openid fhirUser launch/patient launch launch/encounter offline_access", APP,
                GrantContext.INTERACTIVE);
        assertEquals(List.of(SmartScope.Kind.LAUNCH, SmartScope.Kind.LAUNCH_PATIENT, SmartScope.Kind.LAUNCH_ENCOUNTER,
                SmartScope.Kind.FHIR_USER), d.namedScopes(), "openid and offline_access stay Keycloak's");
        assertEquals(List.of(), ScopePolicy.decide("fhirUser launch system/*.rs", BACKEND, GrantContext.BACKEND).namedScopes(),
                "no user, no fhirUser and no launch");
    }

    @Test
    void patientScopesNeedAPatientContextScopeInTheSameRequest() {
        ScopeDecision alone = ScopePolicy.decide("openid user/Observation.rs patient/Observation.rs", APP, GrantContext.INTERACTIVE);
        assertEquals("patient/Observation.rs", alone.rejection().orElseThrow().scope());
        assertTrue(alone.rejection().orElseThrow().reason().contains("launch/patient"));
        assertFalse(ScopePolicy.decide("patient/Observation.rs launch/patient", APP, GrantContext.INTERACTIVE).rejected());
        assertFalse(ScopePolicy.decide("launch patient/Observation.rs", APP, GrantContext.INTERACTIVE).rejected());
        assertTrue(ScopePolicy.decide("launch/encounter patient/Observation.rs", APP, GrantContext.INTERACTIVE).rejected(),
                "an encounter alone does not name the patient");
        assertFalse(ScopePolicy.decide("user/Observation.rs", APP, GrantContext.INTERACTIVE).rejected(),
                "user/ scopes need no patient");
    }

    @Test
    void outsideTheCeilingIsRejected() {
        ScopeDecision d = ScopePolicy.decide("openid launch/patient patient/Observation.rs patient/Observation.cruds", APP, GrantContext.INTERACTIVE);
        assertTrue(d.rejected());
        assertEquals("patient/Observation.cruds", d.rejection().orElseThrow().scope());
        assertTrue(d.resourceScopes().isEmpty(), "nothing is created for a rejected request");
        assertTrue(ScopePolicy.decide("user/Condition.rs", APP, GrantContext.INTERACTIVE).rejected());
        assertFalse(ScopePolicy.decide("launch/patient patient/Condition.cud", APP, GrantContext.INTERACTIVE).rejected(), "v2 within a v1 pattern");
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
        assertTrue(ScopePolicy.decide("launch/patient patient/Observation.rs", none, GrantContext.INTERACTIVE).rejected());
        assertFalse(ScopePolicy.decide("openid profile email", none, GrantContext.INTERACTIVE).rejected(),
                "non-SMART scopes stay Keycloak's business");
    }

    @Test
    void malformedCeilingPatternsAreIgnoredNeverWidening() {
        ScopeCeiling typo = ScopeCeiling.parse("patient/*.sr patient/Observation.rs launch openid");
        assertEquals(List.of("patient/*.sr", "launch", "openid"), typo.ignored());
        assertTrue(ScopePolicy.decide("launch/patient patient/Condition.rs", typo, GrantContext.INTERACTIVE).rejected());
        assertFalse(ScopePolicy.decide("launch/patient patient/Observation.rs", typo, GrantContext.INTERACTIVE).rejected());
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
