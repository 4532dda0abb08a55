package org.smartfhir.keycloak.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConsentChoicesTest {

    private static final String LAB = "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
    private static final String VITALS = "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs";
    private static final ScopeCeiling CEILING = ScopeCeiling.parse("patient/*.rs");
    private static final ConsentChoices CHOICES = ConsentChoices.of(
            "openid launch/patient patient/Observation.rs patient/Patient.read offline_access patient/Observation.rs", CEILING);

    @Test
    void groupsRequestedScopesByResourceAndOffersIgCategories() {
        assertEquals(List.of("openid", "launch/patient", "offline_access"), CHOICES.others());
        assertEquals(List.of("Observation", "Patient"), CHOICES.groups().stream().map(ConsentChoices.Group::resourceType).toList());
        List<ConsentChoices.Choice> observation = CHOICES.groups().get(0).choices();
        assertEquals(5, observation.size(), "the requested scope and four categories");
        assertTrue(observation.get(0).requested());
        assertEquals("Read and search your observations (lab results, vital signs)", observation.get(0).description());
        assertEquals(LAB, observation.get(1).scope());
        assertFalse(observation.get(1).requested());
        assertEquals(1, CHOICES.groups().get(1).choices().size(), "Patient has no categories");
        assertTrue(CHOICES.needsConsent());
    }

    @Test
    void grantsExactlyWhatWasTicked() {
        assertEquals("openid launch/patient offline_access patient/Patient.read", CHOICES.grant(List.of("patient/Patient.read")));
        assertEquals("openid launch/patient offline_access", CHOICES.grant(List.of()));
        assertEquals("openid launch/patient offline_access", CHOICES.grant(null));
    }

    @Test
    void granularSubScopesReplaceTheResourceLevelScope() {
        assertEquals("openid launch/patient offline_access " + LAB + " " + VITALS, CHOICES.grant(List.of(LAB, VITALS)));
        assertEquals("openid launch/patient offline_access patient/Observation.rs",
                CHOICES.grant(List.of(LAB, "patient/Observation.rs")), "a sub-scope beside its resource scope adds nothing");
    }

    @Test
    void tamperedValuesGrantNothing() {
        assertEquals("openid launch/patient offline_access", CHOICES.grant(List.of("user/*.cruds", "patient/Observation.cruds",
                "patient/Condition.rs", "openid patient/*.rs", LAB + "&x=1")));
    }

    @Test
    void noAlternativesOutsideTheCeilingOrForWritesAndWildcards() {
        ConsentChoices narrow = ConsentChoices.of("patient/Observation.rs", ScopeCeiling.parse("patient/Observation.rs?category=x"));
        assertEquals(1, narrow.groups().get(0).choices().size(), "laboratory is outside a ceiling of category x");
        assertEquals(1, ConsentChoices.of("patient/Observation.cruds", CEILING).groups().get(0).choices().size());
        assertEquals(1, ConsentChoices.of("patient/*.rs", CEILING).groups().get(0).choices().size());
        assertEquals(1, ConsentChoices.of(LAB, CEILING).groups().get(0).choices().size());
    }

    @Test
    void nothingToDecideWithoutResourceScopes() {
        assertFalse(ConsentChoices.of("openid fhirUser launch", CEILING).needsConsent());
    }
}
