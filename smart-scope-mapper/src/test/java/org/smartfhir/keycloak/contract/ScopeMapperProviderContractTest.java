package org.smartfhir.keycloak.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.contract.ProviderContract;

class ScopeMapperProviderContractTest {

    @Test
    void everyRegisteredProviderLoadsWithAValidUniqueId() {
        List<ProviderContract.Entry> entries = ProviderContract.assertSatisfied(Path.of("target/classes"));
        assertTrue(entries.stream().anyMatch(e -> e.id().equals("smart-configuration")), entries.toString());
    }
}
