package org.smartfhir.keycloak.audience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FhirAudienceTest {

    private static final List<String> BASES = FhirAudience.bases("https://ehr.example.org/fhir/r4/  http://127.0.0.1:18090/fhir not-a-url");

    @Test
    void basesAreNormalizedAndInvalidOnesDropped() {
        assertEquals(List.of("https://ehr.example.org/fhir/r4", "http://127.0.0.1:18090/fhir"), BASES);
        assertEquals(List.of(), FhirAudience.bases(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://ehr.example.org/fhir/r4", "https://ehr.example.org/fhir/r4/", "https://EHR.example.org/fhir/r4",
            "HTTPS://ehr.example.org/fhir/r4//"})
    void acceptsTheConfiguredBaseWhateverTheTrailingSlashOrHostCase(String aud) {
        assertEquals(Optional.of("https://ehr.example.org/fhir/r4"), FhirAudience.check(aud, null, BASES).base());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://ehr.example.org/fhir", "https://ehr.example.org/fhir/r4/Patient", "https://ehr.example.org/FHIR/r4",
            "https://ehr.example.org/fhir/r4x", "https://evil.example.org/fhir/r4", "https://ehr.example.org.evil.com/fhir/r4",
            "https://user@ehr.example.org/fhir/r4", "https://ehr.example.org/fhir/r4?x=1", "https://ehr.example.org/fhir/r4#f",
            "http://ehr.example.org/fhir/r4", "https://ehr.example.org:8443/fhir/r4", "ftp://ehr.example.org/fhir/r4",
            "/fhir/r4", "ehr.example.org/fhir/r4", "https://ehr.example.org/fhir/r4\u0000", " ", "javascript:alert(1)"})
    void refusesAnythingElse(String aud) {
        FhirAudience.Result result = FhirAudience.check(aud, null, BASES);
        assertTrue(result.base().isEmpty() && result.problem().isPresent(), aud);
    }

    @Test
    void resourceIsASynonymAndMustAgreeWithAud() {
        assertEquals(Optional.of("http://127.0.0.1:18090/fhir"), FhirAudience.check(null, "http://127.0.0.1:18090/fhir/", BASES).base());
        assertTrue(FhirAudience.check("https://ehr.example.org/fhir/r4", "http://127.0.0.1:18090/fhir", BASES).problem().isPresent());
        assertTrue(FhirAudience.check("https://ehr.example.org/fhir/r4", "https://evil.example.org", BASES).problem().isPresent());
    }

    @Test
    void missingAudAndUnconfiguredRealmsFailClosed() {
        assertTrue(FhirAudience.check(null, null, BASES).problem().orElseThrow().contains("aud is required"));
        assertTrue(FhirAudience.check("https://ehr.example.org/fhir/r4", null, List.of()).problem().orElseThrow().contains("no FHIR base"));
        assertTrue(FhirAudience.check("https://a.example/" + "x".repeat(3000), null, BASES).problem().isPresent());
    }
}
