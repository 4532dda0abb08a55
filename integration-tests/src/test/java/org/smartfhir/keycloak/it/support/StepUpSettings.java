package org.smartfhir.keycloak.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;

/**
 * The realm's {@code smart-step-up} step, switched by suites that test assurance levels. The shared test server runs
 * with password-only sign-in (see the Failsafe environment); a step-up suite puts the template's defaults — AAL2 for
 * every sign-in, AAL3 for writes — in place for its own run and restores the setting afterwards.
 */
public final class StepUpSettings {

    private static final String EXECUTIONS = "/realms/" + RealmFixtures.REALM + "/authentication/flows/smart%20browser/executions";

    private final KeycloakAdmin admin;

    public StepUpSettings(KeycloakAdmin admin) {
        this.admin = admin;
    }

    public void levels(String minimum, String stepUp) {
        ObjectNode config = config();
        ((ObjectNode) config.get("config")).put("minimum.level", minimum).put("step.up.level", stepUp);
        put(config);
    }

    /** Turns the step on or off (DISABLED), as an admin might by mistake. */
    public void enabled(boolean on) {
        ObjectNode execution = execution();
        execution.put("requirement", on ? "REQUIRED" : "DISABLED");
        if (admin.put(EXECUTIONS, execution.toString()) != 204) {
            throw new IllegalStateException("could not switch smart-step-up");
        }
    }

    private ObjectNode execution() {
        for (JsonNode execution : admin.get(EXECUTIONS)) {
            if ("smart-step-up".equals(execution.path("providerId").asText())) {
                return (ObjectNode) execution;
            }
        }
        throw new IllegalStateException("the template's browser flow has no smart-step-up step");
    }

    private ObjectNode config() {
        String id = execution().path("authenticationConfig").asText();
        return (ObjectNode) admin.get("/realms/" + RealmFixtures.REALM + "/authentication/config/" + id);
    }

    private void put(ObjectNode config) {
        int status = admin.put("/realms/" + RealmFixtures.REALM + "/authentication/config/" + config.get("id").asText(), config.toString());
        if (status != 204) {
            throw new IllegalStateException("could not change the smart-step-up configuration: " + status);
        }
    }
}
