package org.smartfhir.keycloak.assurance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class UpstreamAssuranceTest {

    private static final UpstreamAssurance MAP = UpstreamAssurance.parse("""
            mfa: aal2
            otp: aal2
            hwk: aal3
            http://schemas.microsoft.com/claims/multipleauthn: aal2
            urn:oasis:names:tc:SAML:2.0:ac:classes:X509 : AAL3
            """);

    @Test
    void theHighestMappedValueCounts() {
        assertEquals(Optional.of(AssuranceLevel.AAL3), MAP.reached(List.of("pwd", "hwk", "mfa")));
        assertEquals(Optional.of(AssuranceLevel.AAL2), MAP.reached(List.of("pwd", "otp", "mfa")));
    }

    @Test
    void unmappedValuesReachNothing() {
        assertTrue(MAP.reached(List.of("pwd")).isEmpty());
        assertTrue(MAP.reached(List.of()).isEmpty());
        assertTrue(MAP.reached(List.of("HWK")).isEmpty(), "exact, case-sensitive");
    }

    @Test
    void urisAndUrnsAreReadUpToTheLastColon() {
        assertEquals(Optional.of(AssuranceLevel.AAL2), MAP.reached(List.of("http://schemas.microsoft.com/claims/multipleauthn")));
        assertEquals(Optional.of(AssuranceLevel.AAL3), MAP.reached(List.of("urn:oasis:names:tc:SAML:2.0:ac:classes:X509")));
    }

    @Test
    void unreadableLinesGrantNothing() {
        UpstreamAssurance garbled = UpstreamAssurance.parse("hwk: aal9\nmfa\n: aal2\notp: 2");
        assertTrue(garbled.reached(List.of("hwk", "mfa", "")).isEmpty());
        assertEquals(Optional.of(AssuranceLevel.AAL2), garbled.reached(List.of("otp")));
        assertTrue(UpstreamAssurance.parse(null).isEmpty());
    }

    @Test
    void aValueMappedTwiceCountsForTheLowerLevel() {
        assertEquals(Optional.of(AssuranceLevel.AAL2), UpstreamAssurance.parse("hwk: aal3\nhwk: aal2").reached(List.of("hwk")));
    }
}
