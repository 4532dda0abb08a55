package org.smartfhir.keycloak.scope;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one user may grant an app, applied after the client's ceiling (SMART App Launch 2.2 §"Scopes": the server
 * grants the intersection of what was asked, what the client may have and what the user may authorize).
 *
 * <ul>
 *   <li>A patient may grant {@code patient/} scopes only: a patient-facing app must never obtain {@code user/} access,
 *   which would reach every record the patient account can see.</li>
 *   <li>Other users may grant the resource scopes within the patterns of their mapped roles, e.g. clinicians
 *   {@code patient/*.cruds user/*.cruds}, front-desk staff {@code user/Appointment.cruds}.</li>
 *   <li>Anyone else grants no resource scope (fail closed); {@code system/} scopes never come from a user.</li>
 * </ul>
 * Non-resource scopes ({@code openid}, {@code launch/patient}, Keycloak's own) are untouched.
 */
public final class UserCeiling {

    private final boolean patient;
    private final ScopeCeiling roleCeiling;

    private UserCeiling(boolean patient, ScopeCeiling roleCeiling) {
        this.patient = patient;
        this.roleCeiling = roleCeiling;
    }

    /**
     * @param patient        whether the user holds the patient role
     * @param userRoles      the user's effective realm roles
     * @param roleCeilings   role name to space-separated patterns, as configured by the admin
     */
    public static UserCeiling of(boolean patient, Collection<String> userRoles, Map<String, String> roleCeilings) {
        StringBuilder patterns = new StringBuilder();
        roleCeilings.forEach((role, rolePatterns) -> {
            if (userRoles.contains(role)) {
                patterns.append(' ').append(rolePatterns);
            }
        });
        return new UserCeiling(patient, ScopeCeiling.parse(patterns.toString()));
    }

    /** Parses the admin's mapping: one {@code role: pattern pattern ...} per line; malformed lines are ignored. */
    public static Map<String, String> parseRoleCeilings(String config) {
        Map<String, String> out = new LinkedHashMap<>();
        if (config == null) {
            return out;
        }
        for (String line : config.split("[\\r\\n]+")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String role = line.substring(0, colon).trim();
            String patterns = line.substring(colon + 1).trim();
            if (!role.isEmpty() && !patterns.isEmpty()) {
                out.merge(role, patterns, (a, b) -> a + " " + b);
            }
        }
        return out;
    }

    public boolean allows(SmartScope.Resource scope) {
        if (scope.context() == Context.SYSTEM) {
            return false;
        }
        if (patient) {
            // A patient account never grants user/ reach, even if it also holds a mapped staff role.
            return scope.context() == Context.PATIENT;
        }
        return roleCeiling.permits(scope);
    }

    /** The scope parameter without the resource scopes this user may not grant, in the original order. */
    public String narrow(String scopeParameter) {
        if (scopeParameter == null || scopeParameter.isBlank()) {
            return scopeParameter;
        }
        List<String> kept = new ArrayList<>();
        for (String token : ScopeParser.SPACES.split(scopeParameter.trim())) {
            ParsedScope parsed = ScopeParser.parse(token);
            if (parsed instanceof ParsedScope.Smart smart && smart.scope() instanceof SmartScope.Resource resource
                    && !allows(resource)) {
                continue;
            }
            if (parsed instanceof ParsedScope.Malformed) {
                continue;
            }
            kept.add(token);
        }
        return String.join(" ", kept);
    }
}
