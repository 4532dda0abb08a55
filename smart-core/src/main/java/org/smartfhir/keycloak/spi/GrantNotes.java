package org.smartfhir.keycloak.spi;

/**
 * Client-session notes the pack's modules share without depending on each other: the launch module writes the
 * patient and encounter a grant was issued for, the step-up module the authentication methods, and the audit listener
 * reads them into its records.
 */
public final class GrantNotes {

    /** Id of the patient in the grant's launch context. */
    public static final String PATIENT = "smart.grant.patient";
    /** Id of the encounter in the grant's launch context. */
    public static final String ENCOUNTER = "smart.grant.encounter";
    /** RFC 8176 amr values of the sign-in the grant was issued on, space-separated. */
    public static final String AMR = "smart.amr";

    private GrantNotes() {
    }
}
