package org.smartfhir.keycloak.registration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RegistrationCeilingRuleTest {

    private static final String KEY = "smart.scope.ceiling";

    private static Map<String, String> attributes(String ceiling) {
        Map<String, String> attributes = new HashMap<>(Map.of("pkce.code.challenge.method", "S256"));
        attributes.put(KEY, ceiling);
        return attributes;
    }

    @Test
    void anAppCannotGiveItselfACeilingWhenItRegisters() {
        assertTrue(RegistrationCeilingRule.problem(null, attributes("system/*.cruds")).isPresent());
        assertTrue(RegistrationCeilingRule.problem(null, attributes("patient/*.rs")).orElseThrow().contains("may not set"));
    }

    @Test
    void anAppCannotRaiseChangeOrRemoveItsCeiling() {
        assertTrue(RegistrationCeilingRule.problem("patient/*.rs", attributes("patient/*.cruds")).isPresent());
        assertTrue(RegistrationCeilingRule.problem("patient/*.rs", attributes("user/*.rs")).isPresent());
        assertTrue(RegistrationCeilingRule.problem("patient/*.rs", attributes(null)).orElseThrow().contains("remove"));
        assertTrue(RegistrationCeilingRule.problem("patient/*.rs", attributes("")).isPresent());
    }

    @Test
    void requestsThatLeaveTheCeilingAsItIsPass() {
        assertFalse(RegistrationCeilingRule.problem(null, null).isPresent());
        assertFalse(RegistrationCeilingRule.problem(null, Map.of("pkce.code.challenge.method", "S256")).isPresent());
        assertFalse(RegistrationCeilingRule.problem("patient/*.rs", Map.of()).isPresent(), "absent: Keycloak keeps it");
        assertFalse(RegistrationCeilingRule.problem("patient/*.rs user/Patient.rs",
                attributes(" patient/*.rs   user/Patient.rs ")).isPresent(), "the same ceiling sent back");
        assertFalse(RegistrationCeilingRule.problem(null, attributes("")).isPresent(), "no ceiling stays no ceiling");
    }
}
