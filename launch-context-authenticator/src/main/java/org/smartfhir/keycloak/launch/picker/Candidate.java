package org.smartfhir.keycloak.launch.picker;

/**
 * One row of a pick list: a patient or an encounter, with what a person needs to recognise it. Every field is shown
 * through FreeMarker's HTML escaping; the id is also checked again when it comes back from the form.
 *
 * @param id     the FHIR resource id, the only value that goes into the token
 * @param label  a name or a description
 * @param detail birth date and gender of a patient, period and status of an encounter (may be empty)
 */
public record Candidate(String id, String label, String detail) {
}
