package org.smartfhir.keycloak.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeParserTest {

    static SmartScope.Resource resource(String scope) {
        ParsedScope parsed = ScopeParser.parse(scope);
        ParsedScope.Smart smart = assertInstanceOf(ParsedScope.Smart.class, parsed, () -> scope + " -> " + parsed);
        return assertInstanceOf(SmartScope.Resource.class, smart.scope());
    }

    static String malformedReason(String scope) {
        ParsedScope parsed = ScopeParser.parse(scope);
        return assertInstanceOf(ParsedScope.Malformed.class, parsed, () -> scope + " -> " + parsed).reason();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // The IG's examples (SMART App Launch 2.2 §Scopes), v2
            "patient/Observation.rs, PATIENT, Observation, rs, false",
            "user/Appointment.cruds, USER, Appointment, cruds, false",
            "patient/*.cruds, PATIENT, *, cruds, false",
            "patient/Patient.r, PATIENT, Patient, r, false",
            "system/*.rs, SYSTEM, *, rs, false",
            "user/Encounter.cu, USER, Encounter, cu, false",
            "patient/MedicationRequest.s, PATIENT, MedicationRequest, s, false",
            // v1
            "patient/Observation.read, PATIENT, Observation, rs, true",
            "user/*.write, USER, *, cud, true",
            "patient/*.*, PATIENT, *, cruds, true",
            "system/Patient.read, SYSTEM, Patient, rs, true",
    })
    void parsesResourceScopes(String scope, Context context, String type, String permissions, boolean v1) {
        SmartScope.Resource r = resource(scope);
        assertEquals(context, r.context());
        assertEquals(type, r.resourceType());
        assertEquals(permissions, r.permissions().v2());
        assertEquals(v1, r.v1());
        assertEquals(scope, r.original(), "kept verbatim");
        assertFalse(r.granular());
    }

    @Test
    void parsesTheIgsGranularExamples() {
        SmartScope.Resource lab = resource("patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory");
        assertEquals(List.of(Map.entry("category", "http://terminology.hl7.org/CodeSystem/observation-category|laboratory")), lab.parameters());
        for (String code : List.of("encounter-diagnosis", "problem-list-item", "health-concern")) {
            SmartScope.Resource condition = resource("patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|" + code);
            assertTrue(condition.granular());
        }
        SmartScope.Resource two = resource("patient/Observation.rs?category=laboratory&status=final");
        assertEquals(2, two.parameters().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"launch", "launch/patient", "launch/encounter", "openid", "fhirUser", "profile", "offline_access", "online_access"})
    void parsesNamedScopes(String scope) {
        ParsedScope.Smart smart = assertInstanceOf(ParsedScope.Smart.class, ScopeParser.parse(scope));
        SmartScope.Named named = assertInstanceOf(SmartScope.Named.class, smart.scope());
        assertEquals(scope, named.kind().scope());
    }

    @ParameterizedTest
    @ValueSource(strings = {"email", "phone", "roles", "patient", "user", "fhiruser", "PATIENT/Observation.rs", "x/y.z", "launchpad"})
    void leavesNonSmartScopesToKeycloak(String scope) {
        assertInstanceOf(ParsedScope.NotSmart.class, ScopeParser.parse(scope));
    }

    @Test
    void readIsNeverReadAsReadPlusDelete() {
        assertEquals(Permissions.READ, resource("patient/Observation.read").permissions());
        assertFalse(resource("patient/Observation.read").permissions().has('d'));
        SmartScope.Resource readDelete = resource("patient/Observation.rd");
        assertTrue(readDelete.permissions().has('d') && !readDelete.permissions().has('s'), "rd is read + delete, a different scope");
        assertFalse(readDelete.v1());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "patient/Observation.sr; order",
            "patient/Observation.rr; order",
            "patient/Observation.dc; order",
            "patient/Observation.; permissions",
            "patient/Observation; missing",
            "patient/Observation.x; permissions",
            "patient/Observation.reads; permissions",
            "patient/Observation.READ; permissions",
            "patient/observation.rs; resource type",
            "patient/.rs; resource type",
            "patient/Obs-ervation.rs; resource type",
            "patient/Observation.read?category=x; v2",
            "patient/Observation.rs?; parameters",
            "patient/Observation.rs?category; parameters",
            "patient/Observation.rs?=x; parameters",
            "patient/Observation.rs?category=; parameters",
            "patient/Observation.rs?category=a b; parameters",
            "patient/Observation.rs?category=<script>; parameters",
            "patient/Observation.rs?category=x&category=x; parameters",
            "patient/Observation.rs?a=1&&b=2; parameters",
            "launch/location; launch context",
            "launch/; launch context",
    })
    void rejectsMalformedSmartScopesWithAReason(String scope, String reasonFragment) {
        String reason = malformedReason(scope);
        assertTrue(reason.toLowerCase().contains(reasonFragment.toLowerCase()), scope + " -> " + reason);
    }

    @Test
    void rejectsHostileCharactersInParameters() {
        for (String value : List.of("a\nb", "a\u0000b", "caf\u00e9", "a\u202eb", "a\"b", "a'b;--", "a\\b", "a`b", "a$(x)")) {
            assertInstanceOf(ParsedScope.Malformed.class, ScopeParser.parse("patient/Observation.rs?category=" + value), value);
        }
    }

    @Test
    void parametersThatCouldWidenAreRejected() {
        for (String query : List.of("_include=Observation:subject", "_revinclude=Provenance:target", "_has=Observation:patient:code=x",
                "category:not=laboratory", "code:below=http://loinc.org|1", "category=laboratory&_elements=id")) {
            assertInstanceOf(ParsedScope.Malformed.class, ScopeParser.parse("patient/Observation.rs?" + query), query);
        }
    }

    @Test
    void boundsLength() {
        String longValue = "a".repeat(ScopeParser.MAX_SCOPE_LENGTH);
        assertTrue(malformedReason("patient/Observation.rs?category=" + longValue).contains("255"));
        String nine = "patient/Observation.rs?" + String.join("&", List.of("a=1", "b=1", "c=1", "d=1", "e=1", "f=1", "g=1", "h=1", "i=1"));
        assertInstanceOf(ParsedScope.Malformed.class, ScopeParser.parse(nine));
    }

    @Test
    void emptyAndNullAreMalformedNotExceptions() {
        assertInstanceOf(ParsedScope.Malformed.class, ScopeParser.parse(""));
        assertInstanceOf(ParsedScope.Malformed.class, ScopeParser.parse(null));
    }
}
