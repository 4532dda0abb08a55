package org.smartfhir.keycloak.spi;

/**
 * Details of the consent events ({@code GRANT_CONSENT}, {@code GRANT_CONSENT_ERROR}) the SMART consent step sends and
 * the audit listener reads, beside Keycloak's own {@code scope} (what was granted): the modules share them without
 * depending on each other.
 */
public final class ConsentDetails {

    /** The data permissions the app asked for that the person did not grant, space-separated. */
    public static final String REFUSED_SCOPE = "refused_scope";
    /** Id of the patient in the launch context the consent was given for. */
    public static final String PATIENT = "patient";

    private ConsentDetails() {
    }
}
