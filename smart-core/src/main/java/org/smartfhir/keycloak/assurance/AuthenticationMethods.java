package org.smartfhir.keycloak.assurance;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * RFC 8176 {@code amr} values for the Keycloak authenticators a sign-in completed. Keycloak's own amr mapper takes one
 * configured string per flow step; a passkey, though, is several methods at once (a hardware key, and the user
 * verified on it), and {@code mfa} depends on the combination, so the values are derived here.
 */
public final class AuthenticationMethods {

    /** Keycloak's WebAuthn authenticators: the security-key second factor and the passkey (passwordless) login. */
    public static final String WEBAUTHN = "webauthn-authenticator";
    public static final String PASSKEY = "webauthn-authenticator-passwordless";
    public static final String PASSWORD = "auth-username-password-form";
    public static final String PASSWORD_ONLY = "auth-password-form";
    public static final String OTP = "auth-otp-form";

    private AuthenticationMethods() {
    }

    /**
     * @param authenticators provider ids of the completed flow steps, in any order; unknown ones contribute nothing
     * @return amr values in a stable order; {@code mfa} when a knowledge or user-verification factor was combined with
     *     possession of a device (password + OTP, password + key, or a passkey with user verification)
     */
    public static List<String> amr(Collection<String> authenticators) {
        boolean password = authenticators.contains(PASSWORD) || authenticators.contains(PASSWORD_ONLY);
        boolean otp = authenticators.contains(OTP);
        boolean key = authenticators.contains(WEBAUTHN);
        boolean passkey = authenticators.contains(PASSKEY);
        Set<String> amr = new LinkedHashSet<>();
        if (password) {
            amr.add("pwd");
        }
        if (otp) {
            amr.add("otp");
        }
        if (key || passkey) {
            amr.add("hwk");
            amr.add("user"); // the realm's WebAuthn policies require user verification
        }
        int factors = (password ? 1 : 0) + (otp || key || passkey ? 1 : 0) + (passkey ? 1 : 0);
        if (factors >= 2) {
            amr.add("mfa");
        }
        return List.copyOf(amr);
    }

    /** The level the completed steps reach: a WebAuthn proof is AAL3, two factors AAL2, a password alone AAL1. */
    public static AssuranceLevel level(Collection<String> authenticators) {
        if (authenticators.contains(PASSKEY) || authenticators.contains(WEBAUTHN)) {
            return AssuranceLevel.AAL3;
        }
        boolean password = authenticators.contains(PASSWORD) || authenticators.contains(PASSWORD_ONLY);
        return password && authenticators.contains(OTP) ? AssuranceLevel.AAL2 : AssuranceLevel.AAL1;
    }
}
