package org.smartfhir.keycloak.it.broker;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;

/**
 * The hospital's own identity provider, as a second realm of the same stock Keycloak: its staff directory (one
 * physician), an OpenID Connect client and a SAML client for the SMART realm's broker. The physician's ID token says how
 * they signed in through {@code amr} (hard-coded per test, as a hospital IdP reports its own MFA) and who they are in
 * FHIR through {@code fhir_user}; the SAML assertion carries the same as attributes.
 */
final class HospitalUpstream {

    static final String REALM = "hospital-upstream";
    static final String OIDC_CLIENT = "smart-keycloak-oidc";
    static final String OIDC_SECRET = "hospital-oidc-secret-0123456789";
    static final String PHYSICIAN = "dr.broker";
    /** Signs in through SAML only (a second person, so the two brokers never meet over one account). */
    static final String SAML_PHYSICIAN = "dr.saml";
    /** Signs in through a provider connected without the post-broker flow. */
    static final String BARE_PHYSICIAN = "dr.bare";
    /** Signs in through a provider whose post-broker flow is the admin's own, without the SMART steps. */
    static final String CUSTOM_PHYSICIAN = "dr.custom";
    /** Asserts the e-mail address of a local account that is not theirs ({@link #TAKEOVER_EMAIL}). */
    static final String TAKEOVER = "dr.takeover";
    static final String TAKEOVER_EMAIL = "broker-victim@example.org";
    static final String PASSWORD = "hospital-Password-1234";
    static final String PRACTITIONER = "Practitioner/prac-7";

    private final KeycloakAdmin admin;

    HospitalUpstream(KeycloakAdmin admin) {
        this.admin = admin;
    }

    /** Creates the realm once (an existing one is kept: all suites share one server). */
    void create(String smartRealmUrl) {
        String userProfile = "{\"attributes\":[{\"name\":\"username\"},{\"name\":\"email\"},{\"name\":\"firstName\"},"
                + "{\"name\":\"lastName\"}],\"unmanagedAttributePolicy\":\"ENABLED\"}";
        Map<String, Object> realm = Map.of(
                "realm", REALM, "enabled", true,
                "roles", Map.of("realm", List.of(Map.of("name", "physician"))),
                "users", List.of(physician(PHYSICIAN, "Broker", PHYSICIAN + "@hospital.example"),
                        physician(SAML_PHYSICIAN, "Saml", SAML_PHYSICIAN + "@hospital.example"),
                        physician(BARE_PHYSICIAN, "Bare", BARE_PHYSICIAN + "@hospital.example"),
                        physician(CUSTOM_PHYSICIAN, "Custom", CUSTOM_PHYSICIAN + "@hospital.example"),
                        physician(TAKEOVER, "Takeover", TAKEOVER_EMAIL)),
                "clients", List.of(oidcClient(smartRealmUrl), samlClient(smartRealmUrl)),
                "components", Map.of("org.keycloak.userprofile.UserProfileProvider", List.of(Map.of(
                        "providerId", "declarative-user-profile",
                        "config", Map.of("kc.user.profile.config", List.of(userProfile))))));
        var created = admin.post("/realms", realm);
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("creating realm " + REALM + " -> " + created.statusCode() + ": " + created.body());
        }
    }

    private static Map<String, Object> physician(String username, String lastName, String email) {
        return Map.of("username", username, "enabled", true, "email", email,
                "emailVerified", true, "firstName", "Gregory", "lastName", lastName,
                "attributes", Map.of("practitioner", List.of(PRACTITIONER)),
                "realmRoles", List.of("physician"),
                "credentials", List.of(Map.of("type", "password", "value", PASSWORD, "temporary", false)));
    }

    private static Map<String, Object> oidcClient(String smartRealmUrl) {
        return Map.of("clientId", OIDC_CLIENT, "protocol", "openid-connect", "enabled", true, "publicClient", false,
                "clientAuthenticatorType", "client-secret", "secret", OIDC_SECRET, "standardFlowEnabled", true,
                "directAccessGrantsEnabled", false,
                "redirectUris", List.of(smartRealmUrl + "/broker/*"),
                "protocolMappers", List.of(
                        mapper("amr", "oidc-hardcoded-claim-mapper", Map.of("claim.name", "amr",
                                "claim.value", "[\"pwd\",\"otp\",\"mfa\"]", "jsonType.label", "JSON")),
                        mapper("fhir_user", "oidc-usermodel-attribute-mapper", Map.of("user.attribute", "practitioner",
                                "claim.name", "fhir_user", "jsonType.label", "String")),
                        mapper("roles", "oidc-usermodel-realm-role-mapper", Map.of("claim.name", "roles",
                                "multivalued", "true", "jsonType.label", "String"))));
    }

    private static Map<String, Object> mapper(String name, String type, Map<String, String> config) {
        Map<String, String> all = new java.util.HashMap<>(config);
        all.putAll(Map.of("id.token.claim", "true", "access.token.claim", "false", "userinfo.token.claim", "false"));
        return Map.of("name", name, "protocol", "openid-connect", "protocolMapper", type, "config", all);
    }

    /** The SAML service provider entity id the SMART realm's broker uses: the SMART realm's URL (Keycloak's default). */
    private static Map<String, Object> samlClient(String smartRealmUrl) {
        return Map.of("clientId", smartRealmUrl, "protocol", "saml", "enabled", true,
                "redirectUris", List.of(smartRealmUrl + "/broker/*"),
                "attributes", Map.of("saml.client.signature", "false", "saml.server.signature", "true",
                        "saml.assertion.signature", "true", "saml_force_name_id_format", "true",
                        "saml_name_id_format", "username", "saml.authnstatement", "true",
                        "saml_assertion_consumer_url_post", smartRealmUrl + "/broker/hospital-saml/endpoint"),
                "protocolMappers", List.of(
                        samlAttribute("email", "saml-user-property-mapper", Map.of("user.attribute", "email")),
                        samlAttribute("firstName", "saml-user-property-mapper", Map.of("user.attribute", "firstName")),
                        samlAttribute("lastName", "saml-user-property-mapper", Map.of("user.attribute", "lastName")),
                        samlAttribute("fhir_user", "saml-user-attribute-mapper", Map.of("user.attribute", "practitioner")),
                        samlAttribute("Role", "saml-role-list-mapper", Map.of("single", "false"))));
    }

    private static Map<String, Object> samlAttribute(String name, String type, Map<String, String> config) {
        Map<String, String> all = new java.util.HashMap<>(config);
        all.put("attribute.name", name);
        all.put("attribute.nameformat", "Basic");
        return Map.of("name", name, "protocol", "saml", "protocolMapper", type, "config", all);
    }

    /** Changes what the physician's ID token says about how they signed in ({@code amr}). */
    void amr(List<String> values) {
        String client = admin.get("/realms/" + REALM + "/clients?clientId=" + OIDC_CLIENT).get(0).get("id").asText();
        for (JsonNode m : admin.get("/realms/" + REALM + "/clients/" + client + "/protocol-mappers/models")) {
            if ("amr".equals(m.get("name").asText())) {
                var mapper = (com.fasterxml.jackson.databind.node.ObjectNode) m;
                String json = "[" + String.join(",", values.stream().map(v -> "\"" + v + "\"").toList()) + "]";
                ((com.fasterxml.jackson.databind.node.ObjectNode) mapper.get("config")).put("claim.value", json);
                int status = admin.put("/realms/" + REALM + "/clients/" + client + "/protocol-mappers/models/" + m.get("id").asText(), mapper);
                if (status != 204) {
                    throw new IllegalStateException("changing the upstream amr -> " + status);
                }
                return;
            }
        }
        throw new IllegalStateException("no amr mapper upstream");
    }

    /** The upstream realm's RSA signing certificate (base64 DER), which the SAML broker validates assertions with. */
    String signingCertificate() {
        for (JsonNode key : admin.get("/realms/" + REALM + "/keys").get("keys")) {
            if ("RS256".equals(key.path("algorithm").asText()) && key.hasNonNull("certificate")) {
                return key.get("certificate").asText();
            }
        }
        throw new IllegalStateException("no RS256 certificate in " + REALM);
    }
}
