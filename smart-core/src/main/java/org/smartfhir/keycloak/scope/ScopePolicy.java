package org.smartfhir.keycloak.scope;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for a requested {@code scope} parameter, which SMART resource scopes a client gets materialized and which
 * request must be refused. Scopes that are not SMART-shaped are left to Keycloak's own exact-name rules, so this never
 * grants anything Keycloak would not: it only makes SMART strings within the ceiling nameable.
 */
public final class ScopePolicy {

    /** Bounds against oversized requests: no SMART app needs more. */
    public static final int MAX_PARAMETER_LENGTH = 8192;
    public static final int MAX_SCOPES = 100;

    /**
     * Named SMART scopes the pack implements and therefore provides on first use. The launch scopes are only provided
     * where the launch-context module is installed (the caller filters them out otherwise), so they are never granted
     * hollow: without it Keycloak answers {@code invalid_scope}. {@code online_access} needs nothing but its name:
     * Keycloak's ordinary refresh token is exactly SMART's online grant (valid while the user's session lives).
     */
    public static final Set<SmartScope.Kind> PROVIDED_NAMED = EnumSet.of(SmartScope.Kind.FHIR_USER,
            SmartScope.Kind.LAUNCH, SmartScope.Kind.LAUNCH_PATIENT, SmartScope.Kind.LAUNCH_ENCOUNTER,
            SmartScope.Kind.ONLINE_ACCESS);

    /** The scopes through which a request obtains a patient in context: an EHR launch or the standalone picker. */
    private static final Set<SmartScope.Kind> PATIENT_CONTEXT = EnumSet.of(SmartScope.Kind.LAUNCH, SmartScope.Kind.LAUNCH_PATIENT);

    private ScopePolicy() {
    }

    public static ScopeDecision decide(String scopeParameter, ScopeCeiling ceiling, GrantContext grant) {
        if (scopeParameter == null || scopeParameter.isBlank()) {
            return new ScopeDecision(List.of(), List.of(), Optional.empty());
        }
        if (scopeParameter.length() > MAX_PARAMETER_LENGTH) {
            return reject("", "the scope parameter is longer than " + MAX_PARAMETER_LENGTH + " characters");
        }
        String[] tokens = ScopeParser.SPACES.split(scopeParameter.trim());
        if (tokens.length > MAX_SCOPES) {
            return reject("", "more than " + MAX_SCOPES + " scopes requested");
        }
        Set<String> materialize = new LinkedHashSet<>();
        Set<SmartScope.Kind> named = EnumSet.noneOf(SmartScope.Kind.class);
        Set<SmartScope.Kind> requestedNamed = EnumSet.noneOf(SmartScope.Kind.class);
        String firstPatientScope = null;
        for (String token : tokens) {
            ParsedScope parsed = ScopeParser.parse(token);
            if (parsed instanceof ParsedScope.Malformed malformed) {
                return reject(token, malformed.reason());
            }
            if (parsed instanceof ParsedScope.Smart smart && smart.scope() instanceof SmartScope.Named n) {
                requestedNamed.add(n.kind());
                if (grant == GrantContext.INTERACTIVE && PROVIDED_NAMED.contains(n.kind())) {
                    named.add(n.kind());
                }
            }
            if (parsed instanceof ParsedScope.Smart smart && smart.scope() instanceof SmartScope.Resource resource) {
                if (!grant.allows(resource.context())) {
                    return reject(token, grant == GrantContext.BACKEND
                            ? "backend services may only request system/ scopes"
                            : "system/ scopes are for backend services, not for launches");
                }
                if (!ceiling.permits(resource)) {
                    return reject(token, "not within the scopes this client may request");
                }
                if (resource.context() == Context.PATIENT && firstPatientScope == null) {
                    firstPatientScope = token;
                }
                materialize.add(token);
            }
        }
        if (firstPatientScope != null && requestedNamed.stream().noneMatch(PATIENT_CONTEXT::contains)) {
            // SMART 2.2 §"Launch context": a patient/ scope is meaningless without a patient in context, and a token
            // without one would leave the compartment to the resource server's guess. Refuse early, before any login.
            return reject(firstPatientScope, "patient/ scopes need a patient in context: also request launch/patient "
                    + "(standalone launch) or launch (EHR launch)");
        }
        return new ScopeDecision(new ArrayList<>(materialize), new ArrayList<>(named), Optional.empty());
    }

    private static ScopeDecision reject(String scope, String reason) {
        return new ScopeDecision(List.of(), List.of(), Optional.of(new ScopeDecision.Rejection(scope, reason)));
    }
}
