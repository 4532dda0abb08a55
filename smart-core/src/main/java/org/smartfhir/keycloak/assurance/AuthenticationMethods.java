package org.smartfhir.keycloak.assurance;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * RFC 8176 {@code amr} values, and the NIST level, for the credential types a sign-in used (Keycloak's names:
 * {@code password}, {@code otp}, {@code webauthn} for a security key as second factor, {@code webauthn-passwordless}
 * for a passkey). Keycloak's own amr mapper takes one configured string per flow step; a passkey, though, is several
 * methods at once (a hardware key, and the user verified on it), it can be used inside the username/password form, and
 * {@code mfa} depends on the combination — so the values are derived from the credentials, not the steps.
 */
public final class AuthenticationMethods {

    public static final String PASSWORD = "password";
    public static final String OTP = "otp";
    public static final String SECURITY_KEY = "webauthn";
    public static final String PASSKEY = "webauthn-passwordless";

    private AuthenticationMethods() {
    }

    /**
     * @param credentialTypes the credential types used, in any order; unknown ones contribute nothing
     * @return amr values in a stable order; {@code mfa} when two factors were combined: a password with an OTP or a
     *     security key, or a passkey (possession of the key plus the user verified on it)
     */
    public static List<String> amr(Collection<String> credentialTypes) {
        boolean password = credentialTypes.contains(PASSWORD);
        boolean otp = credentialTypes.contains(OTP);
        boolean key = credentialTypes.contains(SECURITY_KEY);
        boolean passkey = credentialTypes.contains(PASSKEY);
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
        if (passkey || (password && (otp || key))) {
            amr.add("mfa");
        }
        return List.copyOf(amr);
    }

    /**
     * The credential types one sign-in stands on (RFC 8176 §1: {@code amr} names the methods used in <em>this</em>
     * authentication). A step-up adds factors to the browser session's sign-in: the earlier factors still hold (the
     * level sub-flows skipped them as reached), so both count. An authentication that used a first factor again
     * ({@code prompt=login}, {@code max_age}, an expired session: password or passkey) is a new sign-in, and what the
     * session used before no longer describes it.
     *
     * @param now the credential types this authentication used
     * @param earlier the credential types the browser session's sign-in used, empty when there is none
     */
    public static Set<String> ofSignIn(Collection<String> now, Collection<String> earlier) {
        Set<String> methods = new LinkedHashSet<>();
        if (!now.contains(PASSWORD) && !now.contains(PASSKEY)) {
            methods.addAll(earlier);
        }
        methods.addAll(now);
        return methods;
    }

    /**
     * AAL2 (NIST SP 800-63B §4.2): two factors — a password with a one-time code or a security key — or a passkey,
     * which is a multi-factor cryptographic authenticator on its own.
     */
    public static boolean reachesAal2(Collection<String> credentialTypes) {
        return credentialTypes.contains(PASSKEY) || credentialTypes.contains(PASSWORD) && (credentialTypes.contains(OTP) || credentialTypes.contains(SECURITY_KEY));
    }

    /** AAL3: a WebAuthn proof with user verification, as passkey or as second factor. */
    public static boolean reachesAal3(Collection<String> credentialTypes) {
        return credentialTypes.contains(PASSKEY) || credentialTypes.contains(SECURITY_KEY);
    }
}
