package org.smartfhir.keycloak.discovery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PolicyWiringTest {

    private static final Map<String, List<String>> PROFILES = Map.of(
            "smart-app", List.of("pkce-enforcer", "smart-lazy-scopes"),
            "other", List.of("pkce-enforcer"));

    @Test
    void activeWhenAnEnabledPolicyUsesAProfileWithTheExecutor() {
        assertTrue(PolicyWiring.executorActive(List.of(
                new PolicyWiring.Policy("a", false, List.of("smart-app")),
                new PolicyWiring.Policy("b", true, List.of("other", "smart-app"))), PROFILES, "smart-lazy-scopes"));
    }

    @Test
    void inactiveWhenDisabledMissingOrOnlyInAnUnusedProfile() {
        assertFalse(PolicyWiring.executorActive(List.of(new PolicyWiring.Policy("a", false, List.of("smart-app"))), PROFILES, "smart-lazy-scopes"));
        assertFalse(PolicyWiring.executorActive(List.of(new PolicyWiring.Policy("b", true, List.of("other"))), PROFILES, "smart-lazy-scopes"));
        assertFalse(PolicyWiring.executorActive(List.of(new PolicyWiring.Policy("c", true, List.of("unknown"))), PROFILES, "smart-lazy-scopes"));
        assertFalse(PolicyWiring.executorActive(List.of(new PolicyWiring.Policy("d", true, null)), PROFILES, "smart-lazy-scopes"));
        assertFalse(PolicyWiring.executorActive(List.of(), PROFILES, "smart-lazy-scopes"));
    }
}
