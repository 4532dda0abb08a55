package org.smartfhir.keycloak.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConsentDecisionTest {

    private static final String LAB = "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
    private static final ConsentChoices CHOICES = ConsentChoices.of(
            "openid launch/patient patient/Observation.rs patient/Condition.rs patient/Patient.read", ScopeCeiling.parse("patient/*.rs"));

    private static ConsentDecision ticking(String... ticked) {
        return ConsentDecision.of(CHOICES, CHOICES.grant(List.of(ticked)));
    }

    @Test
    void theRequestedDataPermissionsAreTheBoxesTickedWhenThePageOpens() {
        assertEquals(List.of("patient/Observation.rs", "patient/Condition.rs", "patient/Patient.read"), CHOICES.requested());
    }

    @Test
    void anUntickedPermissionIsRefusedAndTheRestGranted() {
        ConsentDecision decision = ticking("patient/Observation.rs", "patient/Patient.read");
        assertEquals(List.of("openid", "launch/patient", "patient/Observation.rs", "patient/Patient.read"), decision.granted());
        assertEquals(List.of("patient/Condition.rs"), decision.refused());
        assertTrue(decision.grantsData());
    }

    @Test
    void aCategoryInsteadOfTheWholeResourceRefusesTheWholeResource() {
        ConsentDecision decision = ticking(LAB, "patient/Condition.rs", "patient/Patient.read");
        assertTrue(decision.granted().contains(LAB));
        assertEquals(List.of("patient/Observation.rs"), decision.refused());
    }

    @Test
    void everythingTickedRefusesNothing() {
        ConsentDecision decision = ticking("patient/Observation.rs", "patient/Condition.rs", "patient/Patient.read");
        assertEquals(List.of(), decision.refused());
        assertNull(ConsentDecision.detail(decision.refused()));
    }

    @Test
    void grantingWithNothingTickedOrDenyingGrantsNoData() {
        ConsentDecision empty = ticking();
        assertFalse(empty.grantsData(), "sign-in scopes alone are no data");
        assertEquals(CHOICES.requested(), empty.refused());
        ConsentDecision denied = ConsentDecision.denied(CHOICES);
        assertEquals(List.of(), denied.granted());
        assertEquals("patient/Observation.rs patient/Condition.rs patient/Patient.read", ConsentDecision.detail(denied.refused()));
        assertFalse(denied.grantsData());
    }

    @Test
    void hostileScopeStringsNeverReachTheRecord() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add("patient/Observation" + i + ".rs");
        }
        ConsentDecision decision = new ConsentDecision(List.of("openid\r\nINFO forged", "a\"b", "x".repeat(256), "ok", "ok",
                "caf\u00e9", "a\\b"), many);
        assertEquals(List.of("ok"), decision.granted(), "control, quote, backslash, non-ASCII, overlong and repeated tokens dropped");
        assertEquals(ConsentDecision.MAX_SCOPES, decision.refused().size());
    }
}
