package org.smartfhir.keycloak.assurance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class AssuranceLevelTest {

    @Test
    void acrValuesAreTheNistUris() {
        assertEquals("http://idmanagement.gov/ns/assurance/aal/3", AssuranceLevel.AAL3.uri());
        assertEquals("{\"http://idmanagement.gov/ns/assurance/aal/1\":1,\"http://idmanagement.gov/ns/assurance/aal/2\":2,"
                + "\"http://idmanagement.gov/ns/assurance/aal/3\":3}", AssuranceLevel.acrLoaMap());
    }

    @Test
    void configurationAcceptsNamesNumbersAndUris() {
        assertEquals(Optional.of(AssuranceLevel.AAL2), AssuranceLevel.parse("aal2"));
        assertEquals(Optional.of(AssuranceLevel.AAL2), AssuranceLevel.parse(" 2 "));
        assertEquals(Optional.of(AssuranceLevel.AAL3), AssuranceLevel.parse("http://idmanagement.gov/ns/assurance/aal/3"));
        assertTrue(AssuranceLevel.parse("4").isEmpty());
        assertTrue(AssuranceLevel.parse("gold").isEmpty());
        assertTrue(AssuranceLevel.parse(null).isEmpty());
        assertEquals(Optional.of(AssuranceLevel.AAL1), AssuranceLevel.ofLoa(1));
        assertTrue(AssuranceLevel.ofLoa(0).isEmpty());
    }
}
