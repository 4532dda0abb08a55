package org.smartfhir.keycloak.demo.fhir;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a token's SMART scopes and launch context allow one read or search: some {@code patient/}, {@code user/} or
 * {@code system/} scope must name the resource type (or {@code *}) with read or search rights (v1 {@code read} /
 * {@code *}, v2 {@code r} / {@code s}); a token with a {@code patient} in context reaches that patient's compartment
 * only. Granular scopes grant nothing here (this server cannot filter by category): fail closed. What the demo's
 * FHIR server enforces, the minimum a real one must.
 */
final class ReadAccess {

    private static final Pattern SCOPE = Pattern.compile("(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.([a-z*]+)(\\?.*)?");

    private ReadAccess() {
    }

    /** {@code search}: a search (needs {@code s}) or a read (needs {@code r}). */
    static boolean scopeAllows(String scopes, String resourceType, boolean search) {
        if (scopes == null) {
            return false;
        }
        return Arrays.stream(scopes.split(" ")).anyMatch(scope -> {
            Matcher m = SCOPE.matcher(scope);
            // A granular scope (?category=…) would need the server to filter by it; this one cannot, so it grants
            // nothing rather than the whole resource type.
            if (!m.matches() || m.group(4) != null || !(m.group(2).equals("*") || m.group(2).equals(resourceType))) {
                return false;
            }
            String rights = m.group(3);
            return rights.equals("read") || rights.equals("*") || rights.matches("c?r?u?d?s?") && rights.contains(search ? "s" : "r");
        });
    }

    /**
     * The compartment check: with a patient in context, a Patient read must be that patient and every other search
     * must be restricted to them ({@code requestedPatient}: the id read, or the {@code patient} search parameter).
     */
    static boolean compartmentAllows(String contextPatient, String requestedPatient) {
        return contextPatient == null || contextPatient.equals(requestedPatient);
    }
}
