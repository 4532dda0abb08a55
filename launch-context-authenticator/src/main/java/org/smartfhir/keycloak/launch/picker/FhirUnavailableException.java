package org.smartfhir.keycloak.launch.picker;

import java.io.IOException;

/** The picker's FHIR server did not answer usefully in time; the user sees an error page, never a 500. */
final class FhirUnavailableException extends IOException {

    FhirUnavailableException(String message) {
        super(message);
    }
}
