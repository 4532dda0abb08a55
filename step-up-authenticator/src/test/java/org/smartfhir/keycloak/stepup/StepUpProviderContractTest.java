package org.smartfhir.keycloak.stepup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.contract.ProviderContract;

class StepUpProviderContractTest {

    @Test
    void everyRegisteredProviderLoadsWithAValidUniqueId() {
        List<String> ids = ProviderContract.assertSatisfied(Path.of("target/classes"), Map.of()).stream()
                .map(ProviderContract.Entry::id).sorted().toList();
        assertEquals(List.of("smart-acr-userinfo-mapper", "smart-amr-mapper", "smart-assurance-guard", "smart-assurance-level",
                "smart-security-key-enrolment", "smart-step-up", "smart-upstream-assurance",
                "smart-upstream-assurance-mapper"), ids);
    }
}
