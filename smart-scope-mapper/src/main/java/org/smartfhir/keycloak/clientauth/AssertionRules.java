package org.smartfhir.keycloak.clientauth;

import java.util.Optional;

/**
 * The checks SMART Backend Services (requirement H29/H30) puts on a client assertion beyond what Keycloak's
 * {@code client-jwt} authenticator does: the lifetime is at most five minutes whether or not {@code iat} is present,
 * {@code typ} (when present) is {@code JWT}, and a {@code jku} header names exactly the client's registered JWKS URL —
 * Keycloak ignores {@code jku}, so an attacker's key URL would otherwise pass unnoticed until a future change uses it.
 */
public final class AssertionRules {

    /** SMART Backend Services: "exp ... no more than five minutes in the future". */
    public static final long MAX_LIFETIME_SECONDS = 300;
    /** Tolerated clock difference between client and server, as Keycloak's own validator allows. */
    public static final long CLOCK_SKEW_SECONDS = 15;

    private AssertionRules() {
    }

    /**
     * @param typ               the JOSE header {@code typ}, or {@code null}
     * @param jku               the JOSE header {@code jku}, or {@code null}
     * @param exp               the {@code exp} claim in epoch seconds, or {@code null}
     * @param now               the current time in epoch seconds
     * @param registeredJwksUrl the client's registered JWKS URL, or {@code null} when its keys are inline
     * @return why the assertion must be refused, or empty (Keycloak's own checks still follow)
     */
    public static Optional<String> check(String typ, Object jku, Long exp, long now, String registeredJwksUrl) {
        if (typ != null && !typ.equalsIgnoreCase("JWT")) {
            return Optional.of("client assertion header typ must be JWT");
        }
        if (jku != null && (registeredJwksUrl == null || !registeredJwksUrl.equals(jku))) {
            return Optional.of("client assertion header jku is not the client's registered JWKS URL");
        }
        if (exp != null && exp > now + MAX_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
            return Optional.of("client assertion exp is more than 5 minutes in the future");
        }
        return Optional.empty();
    }
}
