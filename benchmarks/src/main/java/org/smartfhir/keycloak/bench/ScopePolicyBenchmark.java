package org.smartfhir.keycloak.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.smartfhir.keycloak.scope.GrantContext;
import org.smartfhir.keycloak.scope.ScopeCeiling;
import org.smartfhir.keycloak.scope.ScopeDecision;
import org.smartfhir.keycloak.scope.ScopePolicy;
import org.smartfhir.keycloak.scope.UserCeiling;

/**
 * What the scope engine adds to one authorization request: parsing a 30-scope SMART request and deciding it against a
 * client ceiling (target: well under 50 µs), and the user-ceiling narrowing at the end of the browser flow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScopePolicyBenchmark {

    /** 30 scopes as a certification-style standalone launch asks for them: v2, v1 and granular mixed. */
    static final String REQUEST = String.join(" ",
            "openid", "fhirUser", "launch/patient", "offline_access",
            "patient/AllergyIntolerance.rs", "patient/CarePlan.rs", "patient/CareTeam.rs", "patient/Condition.rs",
            "patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|encounter-diagnosis",
            "patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item",
            "patient/Condition.rs?category=http://hl7.org/fhir/us/core/CodeSystem/condition-category|health-concern",
            "patient/Coverage.rs", "patient/Device.rs", "patient/DiagnosticReport.rs", "patient/DocumentReference.rs",
            "patient/Encounter.rs", "patient/Goal.rs", "patient/Immunization.rs", "patient/Location.rs",
            "patient/Medication.rs", "patient/MedicationDispense.rs", "patient/MedicationRequest.rs",
            "patient/Observation.rs",
            "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
            "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs",
            "patient/Organization.read", "patient/Patient.read", "patient/Practitioner.read", "patient/Procedure.read",
            "patient/Provenance.read");

    static final ScopeCeiling CEILING = ScopeCeiling.parse("patient/*.rs user/*.rs");
    static final UserCeiling PATIENT = UserCeiling.of(true, java.util.List.of(),
            UserCeiling.parseRoleCeilings("smart-clinician: patient/*.cruds user/*.cruds"));

    @Benchmark
    public ScopeDecision parseAndDecide30Scopes() {
        return ScopePolicy.decide(REQUEST, CEILING, GrantContext.INTERACTIVE);
    }

    @Benchmark
    public ScopeDecision parseCeilingAndDecide30Scopes() {
        return ScopePolicy.decide(REQUEST, ScopeCeiling.parse("patient/*.rs user/*.rs"), GrantContext.INTERACTIVE);
    }

    @Benchmark
    public String narrowToPatientCeiling30Scopes() {
        return PATIENT.narrow(REQUEST);
    }
}
