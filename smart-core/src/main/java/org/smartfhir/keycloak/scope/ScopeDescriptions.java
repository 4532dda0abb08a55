package org.smartfhir.keycloak.scope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plain-language text for SMART resource scopes, shown on consent screens and stored as the client scope's consent
 * text. A patient must understand what an app will be able to do ("Read and search your lab results"), not parse
 * {@code patient/Observation.rs}.
 */
public final class ScopeDescriptions {

    /** Friendly names for the resource types patients meet most; others are shown by their FHIR name. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("*", "all health records"),
            Map.entry("Observation", "observations (lab results, vital signs)"),
            Map.entry("Condition", "conditions and diagnoses"),
            Map.entry("MedicationRequest", "medication prescriptions"),
            Map.entry("MedicationStatement", "medications"),
            Map.entry("AllergyIntolerance", "allergies"),
            Map.entry("Immunization", "immunizations"),
            Map.entry("Procedure", "procedures"),
            Map.entry("Encounter", "visits and encounters"),
            Map.entry("Patient", "demographics"),
            Map.entry("Appointment", "appointments"),
            Map.entry("DiagnosticReport", "diagnostic reports"),
            Map.entry("DocumentReference", "clinical documents"),
            Map.entry("CarePlan", "care plans"),
            Map.entry("Goal", "health goals"),
            Map.entry("Practitioner", "care providers"),
            Map.entry("Coverage", "insurance coverage"));

    private ScopeDescriptions() {
    }

    public static String describe(SmartScope.Resource scope) {
        String verbs = verbs(scope.permissions());
        String what = NAMES.getOrDefault(scope.resourceType(), scope.resourceType() + " records");
        String whose = switch (scope.context()) {
            case PATIENT -> "your " + what;
            case USER -> what + " you are allowed to access";
            case SYSTEM -> what + " across the system";
        };
        StringBuilder text = new StringBuilder(verbs).append(' ').append(whose);
        if (scope.granular()) {
            List<String> limits = new ArrayList<>();
            for (Map.Entry<String, String> p : scope.parameters()) {
                limits.add(p.getKey() + " " + codeOf(p.getValue()));
            }
            text.append(", limited to ").append(String.join(" and ", limits));
        }
        return text.toString();
    }

    private static String verbs(Permissions p) {
        List<String> verbs = new ArrayList<>();
        if (p.has('r')) verbs.add("read");
        if (p.has('s')) verbs.add("search");
        if (p.has('c')) verbs.add("create");
        if (p.has('u')) verbs.add("update");
        if (p.has('d')) verbs.add("delete");
        String joined = verbs.size() == 1 ? verbs.get(0)
                : String.join(", ", verbs.subList(0, verbs.size() - 1)) + " and " + verbs.get(verbs.size() - 1);
        return Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
    }

    /** {@code system|code} token values read best as their code. */
    private static String codeOf(String value) {
        int bar = value.lastIndexOf('|');
        return bar >= 0 && bar < value.length() - 1 ? value.substring(bar + 1) : value;
    }
}
