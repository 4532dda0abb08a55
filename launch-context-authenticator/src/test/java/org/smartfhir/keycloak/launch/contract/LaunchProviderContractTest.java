package org.smartfhir.keycloak.launch.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.contract.ProviderContract;

class LaunchProviderContractTest {

    @Test
    void everyRegisteredProviderLoadsWithAValidUniqueId() {
        List<String> ids = ProviderContract.assertSatisfied(Path.of("target/classes"), Map.of()).stream()
                .map(ProviderContract.Entry::id).sorted().toList();
        assertEquals(List.of("smart-ehr-launch", "smart-introspect", "smart-launch", "smart-launch-context-mapper", "smart-launch-context-stamp",
                "smart-patient-context", "smart-patient-picker", "smart-style"), ids);
    }
}
