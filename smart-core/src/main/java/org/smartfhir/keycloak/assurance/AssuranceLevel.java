package org.smartfhir.keycloak.assurance;

import java.util.Locale;
import java.util.Optional;

/**
 * NIST SP 800-63B authenticator assurance levels, as {@code acr} values and as Keycloak's numeric levels of
 * authentication ({@code acr.loa.map}). AAL1: one factor (a password). AAL2: two factors (password and TOTP, or
 * password and a security key). AAL3: a hardware-backed, phishing-resistant proof with user verification — here,
 * WebAuthn with user verification required, whether as a passkey or as the second factor.
 */
public enum AssuranceLevel {
    AAL1(1),
    AAL2(2),
    AAL3(3);

    public static final String URI_PREFIX = "http://idmanagement.gov/ns/assurance/aal/";

    private final int loa;

    AssuranceLevel(int loa) {
        this.loa = loa;
    }

    /** Keycloak's level-of-authentication number. */
    public int loa() {
        return loa;
    }

    /** The {@code acr} value. */
    public String uri() {
        return URI_PREFIX + loa;
    }

    /**
     * Reads {@code AAL2}, {@code aal2}, {@code 2} or the acr URI; anything else is empty (configuration mistakes are
     * the caller's to fail closed on).
     */
    public static Optional<AssuranceLevel> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        for (AssuranceLevel level : values()) {
            if (v.equalsIgnoreCase(level.name()) || v.equals(String.valueOf(level.loa)) || v.equals(level.uri())) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    public static Optional<AssuranceLevel> ofLoa(int loa) {
        for (AssuranceLevel level : values()) {
            if (level.loa == loa) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    /** The realm attribute {@code acr.loa.map} that makes Keycloak speak these acr values. */
    public static String acrLoaMap() {
        StringBuilder json = new StringBuilder("{");
        for (AssuranceLevel level : values()) {
            json.append(json.length() > 1 ? "," : "").append('"').append(level.uri()).append("\":").append(level.loa);
        }
        return json.append('}').toString();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
