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

    @Test
    void aStepUpAddsToTheSessionsSignIn() {
        assertEquals(List.of("password", "otp", "webauthn"),
                List.copyOf(AuthenticationMethods.ofSignIn(List.of("webauthn"), List.of("password", "otp"))));
    }

    @Test
    void aNewSignInForgetsTheSessionsEarlierMethods() {
        assertEquals(List.of("password", "webauthn"),
                List.copyOf(AuthenticationMethods.ofSignIn(List.of("password", "webauthn"), List.of("password", "otp"))));
        assertEquals(List.of("webauthn-passwordless"),
                List.copyOf(AuthenticationMethods.ofSignIn(List.of("webauthn-passwordless"), List.of("password", "otp"))));
        assertEquals(List.of("password"), List.copyOf(AuthenticationMethods.ofSignIn(List.of("password"), List.of())));
    }

    @Test
    void aal2NeedsTwoFactorsOrAPasskey() {
        assertTrue(AuthenticationMethods.reachesAal2(List.of("password", "otp")));
        assertTrue(AuthenticationMethods.reachesAal2(List.of("password", "webauthn")));
        assertTrue(AuthenticationMethods.reachesAal2(List.of("webauthn-passwordless")));
        assertFalse(AuthenticationMethods.reachesAal2(List.of("password")));
        assertFalse(AuthenticationMethods.reachesAal2(List.of("otp")));
        assertFalse(AuthenticationMethods.reachesAal2(List.of("webauthn")), "a security key is a second factor, not a sign-in");
    }
}
