package org.smartfhir.keycloak.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@code .well-known/smart-configuration} document (SMART App Launch 2.2 §"Conformance",
 * requirements A1–A5 of the team's conformance list) from a realm's OIDC metadata.
 *
 * <p>Every field is narrowed, never widened: a grant type, auth method, algorithm or capability appears only
 * if Keycloak really offers it <em>and</em> SMART defines it. Notably {@code plain} PKCE, which Keycloak's
 * own OIDC metadata advertises, is dropped: SMART forbids it and the certification kit fails a server that
 * lists it.
 */
public final class SmartConfiguration {

    /** Grant types SMART defines; password and implicit are deliberately absent (OAuth 2.0 Security BCP). */
    static final List<String> SMART_GRANT_TYPES = List.of("authorization_code", "client_credentials", "refresh_token");

    /** Client authentication methods SMART clients use: public, symmetric, asymmetric. */
    static final List<String> SMART_AUTH_METHODS =
            List.of("private_key_jwt", "client_secret_basic", "client_secret_post", "none");

    /** Asymmetric JWS algorithms: the only ones meaningful for {@code private_key_jwt}. */
    private static final List<String> ASYMMETRIC_ALG_PREFIXES = List.of("RS", "PS", "ES", "EdDSA");

    private SmartConfiguration() {
    }

    /**
     * @param oidc       the realm's OIDC metadata
     * @param available  capabilities whose implementation is installed and enabled in this realm
     * @param withheld   capability strings the realm admin chose not to advertise; unknown strings are ignored,
     *                   so a typo can only ever hide a capability, never add one
     * @param managementEndpoint where users review and revoke app access, or {@code null} when not available
     * @param ceilings   the scope ceilings (client attribute values) of the realm's SMART clients
     * @return the document as an ordered map, ready for JSON serialisation
     */
    public static Map<String, Object> describe(OidcMetadata oidc, Set<SmartCapability> available,
                                               Collection<String> withheld, String managementEndpoint,
                                               Collection<String> ceilings) {
        List<String> codeChallengeMethods = oidc.codeChallengeMethods().contains("S256") ? List.of("S256") : List.of();
        List<String> grantTypes = intersect(SMART_GRANT_TYPES, oidc.grantTypes());
        List<String> authMethods = intersect(SMART_AUTH_METHODS, oidc.tokenEndpointAuthMethods());
        List<String> signingAlgs = oidc.tokenEndpointAuthSigningAlgs().stream()
                .filter(SmartConfiguration::isAsymmetric).toList();

        Set<SmartCapability> capabilities = EnumSet.noneOf(SmartCapability.class);
        capabilities.addAll(available);
        capabilities.removeIf(c -> withheld != null && withheld.contains(c.value()));
        capabilities.removeIf(c -> !backedByMetadata(c, grantTypes, authMethods, signingAlgs, codeChallengeMethods));

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", absolute(oidc.issuer()));
        doc.put("jwks_uri", absolute(oidc.jwksUri()));
        putIfPresent(doc, "authorization_endpoint", oidc.authorizationEndpoint());
        doc.put("token_endpoint", absolute(oidc.tokenEndpoint()));
        putIfPresent(doc, "introspection_endpoint", oidc.introspectionEndpoint());
        putIfPresent(doc, "revocation_endpoint", oidc.revocationEndpoint());
        putIfPresent(doc, "management_endpoint", managementEndpoint);
        doc.put("grant_types_supported", grantTypes);
        doc.put("response_types_supported", oidc.responseTypes().contains("code") ? List.of("code") : List.of());
        doc.put("code_challenge_methods_supported", codeChallengeMethods);
        doc.put("token_endpoint_auth_methods_supported", authMethods);
        if (authMethods.contains("private_key_jwt")) {
            doc.put("token_endpoint_auth_signing_alg_values_supported", signingAlgs);
        }
        doc.put("scopes_supported", SupportedScopes.of(capabilities, ceilings));
        doc.put("capabilities", capabilities.stream().map(SmartCapability::value).toList());
        return doc;
    }

    /**
     * A capability is only advertised when the metadata it depends on is advertised too, so that an admin who
     * disables, say, PKCE or a grant type in Keycloak never leaves a capability claiming it still works.
     */
    private static boolean backedByMetadata(SmartCapability capability, List<String> grantTypes, List<String> authMethods,
                                            List<String> signingAlgs, List<String> codeChallengeMethods) {
        boolean codeFlow = grantTypes.contains("authorization_code") && codeChallengeMethods.contains("S256");
        return switch (capability) {
            case CLIENT_PUBLIC -> codeFlow;
            case CLIENT_CONFIDENTIAL_SYMMETRIC -> authMethods.contains("client_secret_basic");
            case CLIENT_CONFIDENTIAL_ASYMMETRIC -> authMethods.contains("private_key_jwt")
                    && (signingAlgs.contains("RS384") || signingAlgs.contains("ES384"));
            case PERMISSION_OFFLINE, PERMISSION_ONLINE -> grantTypes.contains("refresh_token");
            case LAUNCH_EHR, LAUNCH_STANDALONE, AUTHORIZE_POST -> codeFlow;
            default -> true;
        };
    }

    private static boolean isAsymmetric(String alg) {
        return ASYMMETRIC_ALG_PREFIXES.stream().anyMatch(alg::startsWith);
    }

    private static List<String> intersect(List<String> wanted, List<String> offered) {
        List<String> out = new ArrayList<>();
        for (String w : wanted) {
            if (offered.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }

    private static void putIfPresent(Map<String, Object> doc, String key, String url) {
        if (url != null && !url.isBlank()) {
            doc.put(key, absolute(url));
        }
    }

    /** SMART requires absolute URLs; a relative one would be resolved by clients against the FHIR base, wrongly. */
    private static String absolute(String url) {
        URI uri = URI.create(url);
        if (!uri.isAbsolute()) {
            throw new IllegalStateException("endpoint URL is not absolute: " + url);
        }
        return url;
    }
}
