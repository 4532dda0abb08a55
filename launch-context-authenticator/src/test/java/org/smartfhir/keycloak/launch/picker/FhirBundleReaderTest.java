package org.smartfhir.keycloak.launch.picker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class FhirBundleReaderTest {

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void patientsAreReadWithNameBirthDateAndTheNextLink() throws IOException {
        SearchPage page = FhirBundleReader.patients(json("""
                {"resourceType":"Bundle","type":"searchset",
                 "link":[{"relation":"self","url":"http://f/fhir/Patient?name=s"},{"relation":"next","url":"http://f/fhir?_getpages=x"}],
                 "entry":[{"resource":{"resourceType":"Patient","id":"p1","name":[{"given":["Alice","B."],"family":"Smith"}],
                                       "birthDate":"1970-01-01","gender":"female"}},
                          {"resource":{"resourceType":"Patient","id":"p2","name":[{"text":"Bob Jones"}]}},
                          {"resource":{"resourceType":"Patient","id":"bad/id"}},
                          {"resource":{"resourceType":"Observation","id":"o1"}},
                          {"resource":{"resourceType":"Patient","id":"p3"}}]}"""));
        assertEquals(List.of(new Candidate("p1", "Alice B. Smith", "1970-01-01 · female"),
                new Candidate("p2", "Bob Jones", ""), new Candidate("p3", "Patient/p3", "")), page.candidates());
        assertEquals("http://f/fhir?_getpages=x", page.next());
    }

    @Test
    void encountersAreLabelledByTypePeriodAndStatus() throws IOException {
        SearchPage page = FhirBundleReader.encounters(json("""
                {"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Encounter","id":"e1","status":"finished",
                 "type":[{"text":"Emergency"}],"period":{"start":"2026-01-01T08:00:00Z"}}},
                 {"resource":{"resourceType":"Encounter","id":"e2","class":{"code":"AMB"}}}]}"""));
        assertEquals(new Candidate("e1", "Emergency", "2026-01-01T08:00:00Z · finished"), page.candidates().get(0));
        assertEquals("AMB", page.candidates().get(1).label());
        assertNull(page.next());
    }

    @Test
    void hostileTextIsBoundedAndInvisibleCharactersStripped() throws IOException {
        SearchPage page = FhirBundleReader.patients(json("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Patient\",\"id\":\"p\",\"name\":[{\"text\":\"A\\u202Eb\\nc" + "x".repeat(500) + "\"}]}}]}"));
        String label = page.candidates().get(0).label();
        assertEquals("Abc", label.substring(0, 3));
        assertEquals(200, label.length());
    }

    @Test
    void somethingElseIsAnError() {
        assertThrows(IOException.class, () -> FhirBundleReader.patients(json("{\"resourceType\":\"OperationOutcome\"}")));
        assertThrows(IOException.class, () -> FhirBundleReader.patients(json("<html>")));
    }
}
