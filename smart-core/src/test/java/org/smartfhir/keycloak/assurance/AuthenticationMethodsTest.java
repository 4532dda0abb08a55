package org.smartfhir.keycloak.assurance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class AuthenticationMethodsTest {

    @Test
    void passkeyIsAHardwareKeyWithUserVerificationAndAal3() {
        List<String> steps = List.of("webauthn-authenticator-passwordless");
        assertEquals(List.of("hwk", "user", "mfa"), AuthenticationMethods.amr(steps));
        assertEquals(AssuranceLevel.AAL3, AuthenticationMethods.level(steps));
    }

    @Test
    void passwordAndTotpIsAal2() {
        List<String> steps = List.of("auth-username-password-form", "auth-otp-form");
        assertEquals(List.of("pwd", "otp", "mfa"), AuthenticationMethods.amr(steps));
        assertEquals(AssuranceLevel.AAL2, AuthenticationMethods.level(steps));
    }

    @Test
    void passwordAndSecurityKeyIsAal3() {
        List<String> steps = List.of("auth-username-password-form", "webauthn-authenticator");
        assertEquals(List.of("pwd", "hwk", "user", "mfa"), AuthenticationMethods.amr(steps));
        assertEquals(AssuranceLevel.AAL3, AuthenticationMethods.level(steps));
    }

    @Test
    void passwordAloneIsAal1WithoutMfa() {
        List<String> steps = List.of("auth-cookie", "auth-username-password-form", "smart-step-up");
        assertEquals(List.of("pwd"), AuthenticationMethods.amr(steps));
        assertEquals(AssuranceLevel.AAL1, AuthenticationMethods.level(steps));
    }

    @Test
    void nothingKnownGivesNoValues() {
        assertEquals(List.of(), AuthenticationMethods.amr(List.of("identity-provider-redirector")));
    }
}
