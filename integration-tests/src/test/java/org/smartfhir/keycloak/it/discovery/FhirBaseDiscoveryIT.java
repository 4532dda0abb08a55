package org.smartfhir.keycloak.it.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.demo.fhir.DemoFhirServer;
import org.smartfhir.keycloak.demo.fhir.SmartDiscoveryInterceptor;
import org.smartfhir.keycloak.harness.fhir.LoopbackFhirServer;
import org.smartfhir.keycloak.harness.junit.KeycloakTest;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.it.support.FhirTestServer;
import org.smartfhir.keycloak.it.support.RealmFixtures;

/**
 * Discovery where SMART clients look (SMART App Launch 2.2 §Conformance): at the FHIR base, not at Keycloak. The demo
 * FHIR server and the suites' test FHIR server (HAPI plain servers with the README's {@link SmartDiscoveryInterceptor})
 * answer the realm's own document and name SMART in their CapabilityStatement.
 */
@KeycloakTest
class FhirBaseDiscoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String issuer;
    private static String fhirBase;
    private static LoopbackFhirServer fhir;

    @BeforeAll
    static void start(KeycloakRuntime keycloak) {
        issuer = keycloak.baseUrl() + "/realms/" + RealmFixtures.REALM;
        fhirBase = RealmFixtures.FHIR_BASE;
        fhir = DemoFhirServer.start(fhirBase, issuer, "http://127.0.0.1:1");
    }

    @AfterAll
    static void stop() {
        if (fhir != null) {
            fhir.stop();
        }
    }

    /** What fhirclient reads at the FHIR base: the realm's own document, and SMART in the CapabilityStatement. */
    @Test
    void theFhirBaseIsWhereSmartClientsDiscoverTheAuthorizationServer() throws Exception {
        JsonNode realm = getJson(issuer + "/.well-known/smart-configuration");
        assertEquals(realm, getJson(fhirBase + "/.well-known/smart-configuration"), "the realm's document, at the FHIR base");
        JsonNode capability = getJson(fhirBase + "/metadata?_format=json");
        assertEquals(fhirBase, capability.path("implementation").path("url").asText(),
                "the server names itself by the base the realm accepts as aud");
        JsonNode security = capability.path("rest").path(0).path("security");
        assertEquals("SMART-on-FHIR", security.path("service").path(0).path("coding").path(0).path("code").asText());
        JsonNode uris = security.path("extension").path(0);
        assertEquals(SmartDiscoveryInterceptor.OAUTH_URIS, uris.path("url").asText());
        assertEquals(realm.path("authorization_endpoint").asText(), valueUri(uris, "authorize"));
        assertEquals(realm.path("token_endpoint").asText(), valueUri(uris, "token"));

        FhirTestServer test = FhirTestServer.shared().discoverableFrom(issuer);
        assertEquals(realm, getJson(test.base() + "/.well-known/smart-configuration"), "the suites' test FHIR server too");
    }


    private static String valueUri(JsonNode oauthUris, String name) {
        for (JsonNode e : oauthUris.path("extension")) {
            if (name.equals(e.path("url").asText())) {
                return e.path("valueUri").asText();
            }
        }
        return null;
    }

    private static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), url + ": " + answer.body());
        return JSON.readTree(answer.body());
    }
}
