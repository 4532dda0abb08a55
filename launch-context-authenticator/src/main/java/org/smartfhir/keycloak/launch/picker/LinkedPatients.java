package org.smartfhir.keycloak.launch.picker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.smartfhir.keycloak.launch.context.FhirValues;

/**
 * The patient records a user account may launch apps for, as set by an admin: the ids in the linked-patients
 * attribute (a parent may hold several children's), plus the user's own record when {@code fhirUser} names a Patient.
 * Invalid ids are dropped, never repaired: a patient must never be given a record by guesswork.
 */
public final class LinkedPatients {

    private static final int MAX = 50;

    private LinkedPatients() {
    }

    public static List<String> of(Collection<String> attributeValues, String fhirUser) {
        Set<String> ids = new LinkedHashSet<>();
        if (attributeValues != null) {
            for (String value : attributeValues) {
                if (FhirValues.isId(value)) {
                    ids.add(value);
                }
            }
        }
        String own = ownPatient(fhirUser);
        if (own != null) {
            ids.add(own);
        }
        return new ArrayList<>(ids).subList(0, Math.min(ids.size(), MAX));
    }

    /** {@code Patient/123} or {@code https://ehr/fhir/Patient/123} → {@code 123}; anything else → {@code null}. */
    static String ownPatient(String fhirUser) {
        if (fhirUser == null) {
            return null;
        }
        int at = fhirUser.lastIndexOf("Patient/");
        if (at < 0 || (at > 0 && fhirUser.charAt(at - 1) != '/')) {
            return null;
        }
        String id = fhirUser.substring(at + "Patient/".length());
        return FhirValues.isId(id) ? id : null;
    }
}
