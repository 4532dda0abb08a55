package org.smartfhir.keycloak.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.contract.ProviderContract;

class AuditProviderContractTest {

    @Test
    void everyRegisteredProviderLoadsWithAValidUniqueId() {
        List<String> ids = ProviderContract.assertSatisfied(Path.of("target/classes"), Map.of()).stream()
                .map(ProviderContract.Entry::id).sorted().toList();
        assertEquals(List.of("smart-audit", "smart-audit-listener", "smart-audit-outbox"), ids);
    }
}
