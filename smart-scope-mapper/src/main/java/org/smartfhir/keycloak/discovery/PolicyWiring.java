package org.smartfhir.keycloak.discovery;

import java.util.List;
import java.util.Map;

/**
 * Whether a client-policy executor is really in force in a realm: some enabled policy uses a profile that contains it.
 * Discovery uses this so that a capability backed by an executor disappears when an admin disables or removes it.
 */
public final class PolicyWiring {

    public record Policy(String name, boolean enabled, List<String> profiles) {
        public Policy {
            profiles = profiles == null ? List.of() : List.copyOf(profiles);
        }
    }

    private PolicyWiring() {
    }

    public static boolean executorActive(List<Policy> policies, Map<String, List<String>> executorsByProfile, String executorId) {
        for (Policy policy : policies) {
            if (!policy.enabled()) {
                continue;
            }
            for (String profile : policy.profiles()) {
                if (executorsByProfile.getOrDefault(profile, List.of()).contains(executorId)) {
                    return true;
                }
            }
        }
        return false;
    }
}
