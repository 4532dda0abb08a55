package org.smartfhir.keycloak.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.smartfhir.keycloak.scope.ScopeParserTest.resource;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.smartfhir.keycloak.harness.theme.MessageBundles;

class ScopeDescriptionsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "patient/Observation.rs; Read and search your observations (lab results, vital signs)",
            "patient/Observation.read; Read and search your observations (lab results, vital signs)",
            "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory; Read and search your observations (lab results, vital signs), limited to category laboratory",
            "user/MedicationRequest.cu; Create and update medication prescriptions you are allowed to access",
            "user/*.cruds; Read, search, create, update and delete all health records you are allowed to access",
            "system/Patient.rs; Read and search demographics across the system",
            "patient/Flag.r; Read your Flag records",
            "patient/*.rs; Read and search all your health records",
    })
    void describesInPlainLanguage(String scope, String text) {
        assertEquals(text, ScopeDescriptions.describe(resource(scope)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "patient/Observation.rs; Ihre Beobachtungen (Laborwerte, Vitalzeichen) lesen und durchsuchen",
            "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory; Ihre Beobachtungen (Laborwerte, Vitalzeichen) lesen und durchsuchen, beschränkt auf category laboratory",
            "user/MedicationRequest.cu; Medikamentenverordnungen, auf die Sie zugreifen dürfen, anlegen und ändern",
            "user/*.cruds; Alle Gesundheitsdaten, auf die Sie zugreifen dürfen, lesen, durchsuchen, anlegen, ändern und löschen",
            "patient/*.rs; Alle Ihre Gesundheitsdaten lesen und durchsuchen",
            "system/Patient.rs; Stammdaten im gesamten System lesen und durchsuchen",
            "patient/Flag.r; Ihre Flag-Daten lesen",
    })
    void describesInGermanWithGermanWordOrder(String scope, String text) {
        assertEquals(text, ScopeDescriptions.describe(resource(scope), ScopeWording.of(Locale.GERMAN, Map.of())));
    }

    @Test
    void aRealmsOwnWordsWinAndAnUntranslatedLanguageReadsEnglish() {
        ScopeWording hospital = ScopeWording.of(Locale.GERMAN, Map.of("smartScope.type.Observation", "Laborwerte",
                "type.Condition", "ignored: not in the pack's namespace"));
        assertEquals("Ihre Laborwerte lesen", ScopeDescriptions.describe(resource("patient/Observation.r"), hospital));
        assertEquals("Ihre Erkrankungen und Diagnosen lesen",
                ScopeDescriptions.describe(resource("patient/Condition.r"), hospital));
        assertEquals("Read your allergies", ScopeDescriptions.describe(resource("patient/AllergyIntolerance.r"),
                ScopeWording.of(Locale.forLanguageTag("sw"), Map.of())));
        assertEquals("Read your allergies", ScopeDescriptions.describe(resource("patient/AllergyIntolerance.r"),
                ScopeWording.of(Locale.forLanguageTag("../../etc"), Map.of())));
    }

    @Test
    void theWordingBundlesAreCompleteAndTranslated() {
        assertEquals(List.of(), MessageBundles.completeness(
                Path.of("src/main/resources/org/smartfhir/keycloak/scope/wording")));
    }
}
