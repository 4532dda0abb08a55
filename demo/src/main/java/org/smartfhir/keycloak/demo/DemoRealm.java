package org.smartfhir.keycloak.demo;

import java.util.List;
import java.util.Map;

import org.smartfhir.keycloak.demo.fhir.DemoFhirServer;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;

/**
 * The demo's sample data in the realm, added through the admin API (the template itself ships none): the sample app
 * as a public SMART client, a clinician, a patient linked to their own record, and the demo EHR's launch client. Fails loudly if Keycloak refuses.
 */
public final class DemoRealm {

    public static final String CLINICIAN = "clinician";
    public static final String PATIENT = "patient";

    private DemoRealm() {
    }

    public static void seed(KeycloakAdmin admin, String realm, SampleApp app, String clinicianPassword, String patientPassword) {
        admin.postCreated("/realms/" + realm + "/clients", Map.ofEntries(
                Map.entry("clientId", SampleApp.CLIENT_ID), Map.entry("name", "SMART demo app"),
                Map.entry("protocol", "openid-connect"), Map.entry("publicClient", true),
                Map.entry("standardFlowEnabled", true), Map.entry("implicitFlowEnabled", false),
                Map.entry("directAccessGrantsEnabled", false), Map.entry("redirectUris", List.of(app.registeredRedirectUri())),
                Map.entry("webOrigins", List.of(app.origin())),
                Map.entry("defaultClientScopes", List.of("basic")), Map.entry("optionalClientScopes", List.of("offline_access")),
                Map.entry("attributes", Map.of("pkce.code.challenge.method", "S256",
                        "smart.scope.ceiling", "patient/*.rs user/*.rs"))), "client " + SampleApp.CLIENT_ID);
        admin.createUser(realm, CLINICIAN, "Casey", "Clinician", clinicianPassword,
                Map.of("fhirUser", List.of("Practitioner/demo-clinician")), "smart-clinician");
        admin.createUser(realm, PATIENT, "Amy", "Shaw", patientPassword, Map.of("fhirUser",
                List.of("Patient/" + DemoFhirServer.LINKED_PATIENT), "smartPatient", List.of(DemoFhirServer.LINKED_PATIENT)),
                "smart-patient");
    }

    /** The demo EHR's back end: a confidential client whose service account may mint launches, nothing else. */
    public static void seedEhr(KeycloakAdmin admin, String realm, DemoEhr ehr) {
        admin.createServiceClient(realm, DemoEhr.CLIENT_ID, ehr.secret(), "smart-ehr-launcher");
    }
}
