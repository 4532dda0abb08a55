package org.smartfhir.keycloak.assurance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class AuthenticationMethodsTest {

    @Test
    void passkeyIsAHardwareKeyWithUserVerificationAndAal3() {
        List<String> used = List.of("webauthn-passwordless");
        assertEquals(List.of("hwk", "user", "mfa"), AuthenticationMethods.amr(used));
        assertTrue(AuthenticationMethods.reachesAal3(used));
    }

    @Test
    void passwordAndTotpIsMultiFactorButNotAal3() {
        List<String> used = List.of("otp", "password");
        assertEquals(List.of("pwd", "otp", "mfa"), AuthenticationMethods.amr(used));
        assertFalse(AuthenticationMethods.reachesAal3(used));
    }

    @Test
    void passwordAndSecurityKeyIsAal3() {
        List<String> used = List.of("password", "webauthn");
        assertEquals(List.of("pwd", "hwk", "user", "mfa"), AuthenticationMethods.amr(used));
        assertTrue(AuthenticationMethods.reachesAal3(used));
    }

    @Test
    void passwordAloneIsNotMultiFactor() {
        assertEquals(List.of("pwd"), AuthenticationMethods.amr(List.of("password")));
        assertFalse(AuthenticationMethods.reachesAal3(List.of("password")));
    }

    @Test
    void unknownCredentialsGiveNoValues() {
        assertEquals(List.of(), AuthenticationMethods.amr(List.of("kerberos", "x509")));
    }
}
