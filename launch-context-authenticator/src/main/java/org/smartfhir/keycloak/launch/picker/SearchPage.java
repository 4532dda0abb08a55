package org.smartfhir.keycloak.launch.picker;

import java.util.List;

/** One page of FHIR search results; {@code next} is the server's link to the following page, or {@code null}. */
public record SearchPage(List<Candidate> candidates, String next) {

    public SearchPage {
        candidates = List.copyOf(candidates);
    }
}
