package org.smartfhir.keycloak.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SmartConfigurationTest {

    private static final String ISSUER = "https://idp.example.org/realms/smart";

    /** What Keycloak 26.7.3 advertises for a default realm. */
    private static OidcMetadata keycloakDefaults() {
        return new OidcMetadata(ISSUER, ISSUER + "/protocol/openid-connect/auth", ISSUER + "/protocol/openid-connect/token",
                ISSUER + "/protocol/openid-connect/certs", ISSUER + "/protocol/openid-connect/token/introspect",
                ISSUER + "/protocol/openid-connect/revoke",
                List.of("authorization_code", "client_credentials", "implicit", "password", "refresh_token",
                        "urn:ietf:params:oauth:grant-type:device_code", "urn:openid:params:grant-type:ciba"),
                List.of("code", "none", "id_token", "token", "id_token token", "code id_token"),
                List.of("private_key_jwt", "client_secret_basic", "client_secret_post", "tls_client_auth", "client_secret_jwt"),
                List.of("PS384", "RS384", "EdDSA", "ES384", "HS256", "HS512", "ES256", "RS256", "HS384", "ES512", "PS256", "PS512", "RS512"),
                List.of("plain", "S256"));
    }

    private static Map<String, Object> describe(OidcMetadata oidc, Set<SmartCapability> available, List<String> withheld) {
        return SmartConfiguration.describe(oidc, available, withheld, ISSUER + "/account/applications",
                List.of("patient/*.rs user/Observation.cruds", "system/*.rs patient/*.rs not-a-pattern"));
    }

    private static final Set<SmartCapability> ALL = EnumSet.allOf(SmartCapability.class);

    @Test
    void plainPkceIsNeverAdvertisedEvenThoughKeycloakOffersIt() {
        Map<String, Object> doc = describe(keycloakDefaults(), ALL, List.of());
        assertEquals(List.of("S256"), doc.get("code_challenge_methods_supported"));
    }

    @Test
    void onlySmartGrantTypesAndResponseTypeCodeAreAdvertised() {
        Map<String, Object> doc = describe(keycloakDefaults(), ALL, List.of());
        assertEquals(List.of("authorization_code", "client_credentials", "refresh_token"), doc.get("grant_types_supported"));
        assertEquals(List.of("code"), doc.get("response_types_supported"));
    }

    @Test
    void authMethodsAreNarrowedToSmartOnesAndAlgorithmsToAsymmetricOnes() {
        Map<String, Object> doc = describe(keycloakDefaults(), ALL, List.of());
        assertEquals(List.of("private_key_jwt", "client_secret_basic", "client_secret_post"),
                doc.get("token_endpoint_auth_methods_supported"));
        @SuppressWarnings("unchecked")
        List<String> algs = (List<String>) doc.get("token_endpoint_auth_signing_alg_values_supported");
        assertTrue(algs.containsAll(List.of("RS384", "ES384")), algs.toString());
        assertTrue(algs.stream().noneMatch(a -> a.startsWith("HS")), algs.toString());
    }

    @Test
    void endpointsAreCopiedAndTheManagementEndpointIsAdded() {
        Map<String, Object> doc = describe(keycloakDefaults(), ALL, List.of());
        assertEquals(ISSUER, doc.get("issuer"));
        assertEquals(ISSUER + "/protocol/openid-connect/certs", doc.get("jwks_uri"));
        assertEquals(ISSUER + "/protocol/openid-connect/auth", doc.get("authorization_endpoint"));
        assertEquals(ISSUER + "/protocol/openid-connect/token", doc.get("token_endpoint"));
        assertEquals(ISSUER + "/protocol/openid-connect/token/introspect", doc.get("introspection_endpoint"));
        assertEquals(ISSUER + "/protocol/openid-connect/revoke", doc.get("revocation_endpoint"));
        assertEquals(ISSUER + "/account/applications", doc.get("management_endpoint"));
    }

    @Test
    void scopesSupportedAreSmartsOwnAndTheCeilingPatternsNotKeycloaks() {
        assertEquals(List.of("openid", "fhirUser", "launch", "launch/patient", "launch/encounter", "offline_access",
                        "online_access", "patient/*.rs", "system/*.rs", "user/Observation.cruds"),
                describe(keycloakDefaults(), ALL, List.of()).get("scopes_supported"));
        assertEquals(List.of("openid"), describe(keycloakDefaults(), EnumSet.of(SmartCapability.CLIENT_PUBLIC), List.of())
                .get("scopes_supported"), "only what this realm offers");
        assertEquals(List.of("openid", "launch/patient"), describe(keycloakDefaults(),
                EnumSet.of(SmartCapability.CONTEXT_STANDALONE_PATIENT, SmartCapability.PERMISSION_V2), List.of("permission-v2"))
                .get("scopes_supported"), "a withheld capability takes its scopes with it");
    }

    @Test
    void capabilitiesAreOnlyThoseAvailableInEnumOrder() {
        Map<String, Object> doc = describe(keycloakDefaults(),
                EnumSet.of(SmartCapability.CLIENT_CONFIDENTIAL_SYMMETRIC, SmartCapability.CLIENT_PUBLIC), List.of());
        assertEquals(List.of("client-public", "client-confidential-symmetric"), doc.get("capabilities"));
    }

    @Test
    void adminCanWithholdButNeverAddCapabilities() {
        Map<String, Object> doc = describe(keycloakDefaults(), EnumSet.of(SmartCapability.CLIENT_PUBLIC),
                List.of("client-confidential-asymmetric", "launch-ehr", "CLIENT-PUBLIC"));
        assertEquals(List.of("client-public"), doc.get("capabilities"), "unknown or differently-cased names change nothing");

        Map<String, Object> withheld = describe(keycloakDefaults(), EnumSet.of(SmartCapability.CLIENT_PUBLIC), List.of("client-public"));
        assertEquals(List.of(), withheld.get("capabilities"));
    }

    @Test
    void capabilitiesLoseTheirClaimWhenKeycloakStopsOfferingWhatTheyNeed() {
        OidcMetadata noPkce = new OidcMetadata(ISSUER, ISSUER + "/auth", ISSUER + "/token", ISSUER + "/certs", null, null,
                List.of("authorization_code", "client_credentials"), List.of("code"),
                List.of("client_secret_basic", "private_key_jwt"), List.of("RS256"), List.of("plain"));
        Map<String, Object> doc = describe(noPkce, ALL, List.of());
        @SuppressWarnings("unchecked")
        List<String> capabilities = (List<String>) doc.get("capabilities");
        assertFalse(capabilities.contains("client-public"), "no S256, no public clients");
        assertFalse(capabilities.contains("launch-standalone"));
        assertFalse(capabilities.contains("client-confidential-asymmetric"), "neither RS384 nor ES384");
        assertFalse(capabilities.contains("permission-offline"), "no refresh_token grant");
        assertTrue(capabilities.contains("client-confidential-symmetric"));
        assertEquals(List.of(), doc.get("code_challenge_methods_supported"));
        assertFalse(doc.containsKey("introspection_endpoint"));
    }

    @Test
    void signingAlgorithmsAreOmittedWithoutPrivateKeyJwt() {
        OidcMetadata noJwt = new OidcMetadata(ISSUER, ISSUER + "/auth", ISSUER + "/token", ISSUER + "/certs", null, null,
                List.of("authorization_code"), List.of("code"), List.of("client_secret_basic"), List.of("RS384"),
                List.of("S256"));
        assertFalse(describe(noJwt, ALL, List.of()).containsKey("token_endpoint_auth_signing_alg_values_supported"));
    }

    @Test
    void relativeEndpointUrlsAreRefused() {
        OidcMetadata relative = new OidcMetadata(ISSUER, "/auth", ISSUER + "/token", ISSUER + "/certs", null, null,
                List.of(), List.of(), List.of(), List.of(), List.of());
        assertThrows(IllegalStateException.class, () -> describe(relative, ALL, List.of()));
    }

    @Test
    void capabilityStringsMatchTheIgExactly() {
        assertEquals(20, SmartCapability.values().length);
        assertEquals(SmartCapability.CONTEXT_STANDALONE_ENCOUNTER, SmartCapability.fromValue("context-standalone-encounter").orElseThrow());
        assertTrue(SmartCapability.fromValue("Launch-EHR").isEmpty());
    }
}
