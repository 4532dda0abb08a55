package org.smartfhir.keycloak.fhiruser;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code fhirUser} claim (SMART App Launch 2.2 §"Scopes for requesting identity data"): a relative or absolute
 * reference to the FHIR resource representing the signed-in user, of type Patient, Practitioner, RelatedPerson or
 * Person. Certification rejects other types (PractitionerRole), and an app dereferences the value against its FHIR
 * server, so a malformed value is withheld rather than passed on.
 */
public final class FhirUserReference {

    static final Set<String> TYPES = Set.of("Patient", "Practitioner", "RelatedPerson", "Person");
    /** FHIR resource id: 1–64 characters of letters, digits, '-' and '.'. */
    private static final Pattern RELATIVE = Pattern.compile("(Patient|Practitioner|RelatedPerson|Person)/[A-Za-z0-9\\-.]{1,64}");
    static final int MAX_LENGTH = 1024;

    private FhirUserReference() {
    }

    /** The value to put in the claim, or empty when the attribute is not a valid fhirUser reference. */
    public static Optional<String> validate(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || value.chars().anyMatch(c -> c <= 0x20 || c >= 0x7F)) {
            return Optional.empty();
        }
        if (RELATIVE.matcher(value).matches()) {
            return Optional.of(value);
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawPath() == null) {
                return Optional.empty();
            }
            String[] segments = uri.getRawPath().split("/");
            if (segments.length < 2) {
                return Optional.empty();
            }
            String tail = segments[segments.length - 2] + "/" + segments[segments.length - 1];
            return RELATIVE.matcher(tail).matches() ? Optional.of(value) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
