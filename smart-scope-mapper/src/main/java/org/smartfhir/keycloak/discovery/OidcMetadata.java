package org.smartfhir.keycloak.discovery;

import java.util.List;
import java.util.Objects;

/**
 * The subset of a realm's OpenID Connect discovery document that SMART discovery is derived from.
 *
 * <p>SMART's document must describe what the server really does (SMART App Launch 2.2 §"Conformance":
 * "advertise only what works"). Deriving it from the same metadata Keycloak computes for
 * {@code openid-configuration} keeps the two documents from ever disagreeing about endpoints, grant types
 * or algorithms, whatever hostname, proxy or realm settings are in force.
 */
public record OidcMetadata(
        String issuer,
        String authorizationEndpoint,
        String tokenEndpoint,
        String jwksUri,
        String introspectionEndpoint,
        String revocationEndpoint,
        List<String> grantTypes,
        List<String> responseTypes,
        List<String> tokenEndpointAuthMethods,
        List<String> tokenEndpointAuthSigningAlgs,
        List<String> codeChallengeMethods) {

    public OidcMetadata {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        grantTypes = copy(grantTypes);
        responseTypes = copy(responseTypes);
        tokenEndpointAuthMethods = copy(tokenEndpointAuthMethods);
        tokenEndpointAuthSigningAlgs = copy(tokenEndpointAuthSigningAlgs);
        codeChallengeMethods = copy(codeChallengeMethods);
    }

    private static List<String> copy(List<String> values) {
        return values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
    }
}
