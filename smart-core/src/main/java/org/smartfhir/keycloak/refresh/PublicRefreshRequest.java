package org.smartfhir.keycloak.refresh;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * SMART App Launch 2.2, "Refresh access token": a public app's refresh request is {@code grant_type=refresh_token},
 * {@code refresh_token} and an optional {@code scope}, nothing else — "for public apps, authentication is not possible
 * (and thus not required)". RFC 6749 §6 asks a client to authenticate on refresh only when it is confidential or was
 * issued credentials. Keycloak insists on a {@code client_id} to know which client it talks to; this class decides,
 * without Keycloak types, when a request may instead be attributed to the client named in its (already
 * signature-checked) refresh token.
 */
public final class PublicRefreshRequest {

    /** Keycloak's {@code typ} values for an online and an offline refresh token. */
    static final Set<String> REFRESH_TOKEN_TYPES = Set.of("Refresh", "Offline");

    /**
     * Everything by which a request authenticates or names its client at the token endpoint (RFC 6749 §2.3.1,
     * RFC 7523 §2.2, RFC 8705 §2): if any is present, the request speaks for itself and is left to Keycloak.
     */
    static final List<String> CLIENT_PARAMETERS = List.of("client_id", "client_secret", "client_assertion",
            "client_assertion_type");

    private PublicRefreshRequest() {
    }

    /**
     * @param grantType            the request's {@code grant_type}
     * @param formParameterNames   names of the form parameters sent
     * @param clientHeaderPresent  whether an {@code Authorization} header or an OAuth client-attestation header was sent
     * @return whether this is a refresh request that carries no client identification or credential of its own
     */
    public static boolean withoutClientAuthentication(String grantType, Collection<String> formParameterNames,
                                                      boolean clientHeaderPresent) {
        if (!"refresh_token".equals(grantType) || clientHeaderPresent || formParameterNames == null
                || !formParameterNames.contains("refresh_token")) {
            return false;
        }
        return CLIENT_PARAMETERS.stream().noneMatch(formParameterNames::contains);
    }

    /**
     * The client a verified refresh token was issued to, when the token is one this realm issued as a refresh token.
     *
     * @param tokenType   the token's {@code typ}
     * @param issuer      the token's {@code iss}
     * @param authorizedParty the token's {@code azp}
     * @param realmIssuer the issuer URL of the realm the request is for
     */
    public static Optional<String> issuedTo(String tokenType, String issuer, String authorizedParty, String realmIssuer) {
        if (tokenType == null || !REFRESH_TOKEN_TYPES.contains(tokenType) || realmIssuer == null
                || !Objects.equals(issuer, realmIssuer) || authorizedParty == null || authorizedParty.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(authorizedParty);
    }
}
