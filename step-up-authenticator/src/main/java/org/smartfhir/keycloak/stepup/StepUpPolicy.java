package org.smartfhir.keycloak.stepup;

import java.util.Map;
import java.util.Optional;

import org.smartfhir.keycloak.assurance.AssuranceLevel;
import org.smartfhir.keycloak.scope.SensitiveScopes;

/**
 * The level a sign-in must reach for a requested scope: the realm's minimum for everything (AAL2: no single-factor
 * access to health data), and a higher level when a sensitive scope is requested (AAL3 for writes by default).
 * A configuration that cannot be read fails closed: every request needs the highest level.
 */
record StepUpPolicy(Optional<SensitiveScopes> sensitive, AssuranceLevel minimum, AssuranceLevel stepUp) {

    static final String SCOPES = "step.up.scopes";
    static final String LEVEL = "step.up.level";
    static final String MINIMUM = "minimum.level";

    static final AssuranceLevel DEFAULT_MINIMUM = AssuranceLevel.AAL2;
    static final AssuranceLevel DEFAULT_STEP_UP = AssuranceLevel.AAL3;

    static StepUpPolicy of(Map<String, String> config) {
        return new StepUpPolicy(SensitiveScopes.parse(config.get(SCOPES)),
                level(config.get(MINIMUM), DEFAULT_MINIMUM), level(config.get(LEVEL), DEFAULT_STEP_UP));
    }

    private static AssuranceLevel level(String value, AssuranceLevel fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return AssuranceLevel.parse(value).orElse(AssuranceLevel.AAL3);
    }

    AssuranceLevel required(String scopeParameter) {
        boolean stepUp = sensitive.map(rules -> rules.anyRequested(scopeParameter)).orElse(true);
        AssuranceLevel required = stepUp ? stepUp() : minimum;
        return required.loa() >= minimum.loa() ? required : minimum;
    }
}
