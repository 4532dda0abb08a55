package org.smartfhir.keycloak.it.broker;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.it.support.RealmFixtures;

/**
 * The hospital's IdP connected to the SMART realm as the README's "Connect your directory" section says: first-broker
 * login and post-broker login flows of the template, e-mail not trusted, roles and {@code fhirUser} mapped from the
 * upstream's claims or attributes, the upstream's MFA mapped to assurance levels.
 */
final class SmartRealmBrokers {

    static final String OIDC = "hospital-oidc";
    static final String SAML = "hospital-saml";
    /** The same upstream, connected without the post-broker flow: an admin's mistake the pack must not let through. */
    static final String BARE = "hospital-oidc-bare";
    /** The same upstream, with a post-broker flow of the admin's own that credits the level but runs no SMART step. */
    static final String CUSTOM = "hospital-oidc-custom";
    static final String ASSURANCE_ONLY_FLOW = "broker assurance only";
    static final String FIRST_BROKER_FLOW = "smart first broker login";
    static final String POST_BROKER_FLOW = "smart post broker login";

    private static final String IDPS = "/realms/" + RealmFixtures.REALM + "/identity-provider/instances";

    private final KeycloakAdmin admin;
    /** Where Keycloak calls the upstream itself (token, keys). */
    private final String backChannel;
    /** Where the browser is sent. */
    private final String frontChannel;

    SmartRealmBrokers(KeycloakAdmin admin, String backChannel, String frontChannel) {
        this.admin = admin;
        this.backChannel = backChannel;
        this.frontChannel = frontChannel;
    }

    /** The OpenID Connect provider; {@code postBrokerFlow} empty means none (what the pack must not let through). */
    void oidc(String postBrokerFlow) {
        oidc(OIDC, postBrokerFlow);
    }

    void oidc(String alias, String postBrokerFlow) {
        String upstream = "/realms/" + HospitalUpstream.REALM + "/protocol/openid-connect";
        Map<String, String> config = new HashMap<>(Map.of(
                "clientId", HospitalUpstream.OIDC_CLIENT, "clientSecret", HospitalUpstream.OIDC_SECRET,
                "clientAuthMethod", "client_secret_post",
                "authorizationUrl", frontChannel + upstream + "/auth",
                "tokenUrl", backChannel + upstream + "/token",
                "jwksUrl", backChannel + upstream + "/certs", "useJwksUrl", "true", "validateSignature", "true",
                "defaultScope", "openid profile email"));
        config.putAll(Map.of("pkceEnabled", "true", "pkceMethod", "S256", "syncMode", "FORCE"));
        provider(alias, "oidc", "Hospital sign-in " + alias, postBrokerFlow, config);
        mapper(alias, "physician is a clinician", "oidc-role-idp-mapper",
                Map.of("claim", "roles", "claim.value", "physician", "role", "smart-clinician"));
        mapper(alias, "fhirUser", "oidc-user-attribute-idp-mapper", Map.of("claim", "fhir_user", "user.attribute", "fhirUser"));
        mapper(alias, "assurance", "smart-upstream-assurance-mapper", Map.of("upstream.levels", "mfa: aal2\nhwk: aal3"));
    }

    /** The SAML provider, validating the upstream's signed assertions with its certificate. */
    void saml(String postBrokerFlow, String signingCertificate, String spEntityId) {
        Map<String, String> config = new HashMap<>(Map.of(
                "singleSignOnServiceUrl", frontChannel + "/realms/" + HospitalUpstream.REALM + "/protocol/saml",
                "entityId", spEntityId,
                "nameIDPolicyFormat", "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
                "principalType", "SUBJECT",
                "postBindingResponse", "true", "postBindingAuthnRequest", "true",
                "validateSignature", "true", "signingCertificate", signingCertificate,
                "wantAssertionsSigned", "true"));
        config.put("syncMode", "FORCE");
        provider(SAML, "saml", "Hospital sign-in (SAML)", postBrokerFlow, config);
        for (String attribute : new String[] {"email", "firstName", "lastName"}) {
            mapper(SAML, attribute, "saml-user-attribute-idp-mapper", Map.of("attribute.name", attribute, "user.attribute", attribute));
        }
        mapper(SAML, "physician is a clinician", "saml-role-idp-mapper",
                Map.of("attribute.name", "Role", "attribute.value", "physician", "role", "smart-clinician"));
        mapper(SAML, "fhirUser", "saml-user-attribute-idp-mapper", Map.of("attribute.name", "fhir_user", "user.attribute", "fhirUser"));
        mapper(SAML, "assurance", "smart-upstream-assurance-mapper",
                Map.of("upstream.levels", "urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified: aal2"));
    }

    private void provider(String alias, String type, String name, String postBrokerFlow, Map<String, String> config) {
        Map<String, Object> idp = new HashMap<>(Map.of("alias", alias, "providerId", type, "displayName", name,
                "enabled", true, "trustEmail", false, "storeToken", false,
                "firstBrokerLoginFlowAlias", FIRST_BROKER_FLOW, "config", config));
        if (!postBrokerFlow.isEmpty()) {
            idp.put("postBrokerLoginFlowAlias", postBrokerFlow);
        }
        var created = admin.post(IDPS, idp);
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("creating identity provider " + alias + " -> " + created.statusCode() + ": " + created.body());
        }
    }

    private void mapper(String alias, String name, String type, Map<String, String> config) {
        for (JsonNode existing : admin.get(IDPS + "/" + alias + "/mappers")) {
            if (name.equals(existing.path("name").asText())) {
                return;
            }
        }
        Map<String, String> all = new HashMap<>(config);
        all.putIfAbsent("syncMode", "FORCE");
        admin.postCreated(IDPS + "/" + alias + "/mappers", Map.of("name", name, "identityProviderAlias", alias,
                "identityProviderMapper", type, "config", all), "mapper " + name);
    }

    /** A top-level flow holding only {@code smart-upstream-assurance}, REQUIRED: what an admin might build by hand. */
    void assuranceOnlyFlow() {
        String flows = "/realms/" + RealmFixtures.REALM + "/authentication/flows";
        var created = admin.post(flows, Map.of("alias", ASSURANCE_ONLY_FLOW, "providerId", "basic-flow", "topLevel", true,
                "builtIn", false, "description", "counts the upstream level, nothing else"));
        if (created.statusCode() == 409) {
            return;
        }
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating the flow -> " + created.statusCode() + ": " + created.body());
        }
        String executions = flows + "/" + ASSURANCE_ONLY_FLOW.replace(" ", "%20") + "/executions";
        var added = admin.post(executions + "/execution", Map.of("provider", "smart-upstream-assurance"));
        if (added.statusCode() != 201) {
            throw new IllegalStateException("adding the step -> " + added.statusCode() + ": " + added.body());
        }
        ObjectNode execution = (ObjectNode) admin.get(executions).get(0);
        execution.put("requirement", "REQUIRED");
        if (admin.put(executions, execution) != 204) {
            throw new IllegalStateException("making the step REQUIRED");
        }
    }

    /** Changes settings of one step of the template's post-broker flow, as an admin does in the console. */
    void configurePostBrokerStep(String providerId, Map<String, String> settings) {
        for (JsonNode execution : admin.get("/realms/" + RealmFixtures.REALM + "/authentication/flows/"
                + POST_BROKER_FLOW.replace(" ", "%20") + "/executions")) {
            if (providerId.equals(execution.path("providerId").asText())) {
                String configId = execution.get("authenticationConfig").asText();
                ObjectNode config = (ObjectNode) admin.get("/realms/" + RealmFixtures.REALM + "/authentication/config/" + configId);
                settings.forEach(((ObjectNode) config.get("config"))::put);
                int status = admin.put("/realms/" + RealmFixtures.REALM + "/authentication/config/" + configId, config);
                if (status != 204) {
                    throw new IllegalStateException("configuring " + providerId + " -> " + status);
                }
                return;
            }
        }
        throw new IllegalStateException("the template's post-broker flow has no " + providerId + " step");
    }
}
