package org.smartfhir.keycloak.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.harness.contract.ProviderContract;

class ScopeMapperProviderContractTest {

    @Test
    void everyRegisteredProviderLoadsWithAValidUniqueId() {
        List<ProviderContract.Entry> entries = ProviderContract.assertSatisfied(Path.of("target/classes"), Map.of(
                "client_credentials", "the grant type id is the grant name; ours materializes system/ scopes, then runs Keycloak's",
                "client-jwt", "clients keep their authenticator setting; SMART clients get SMART's assertion rules on top of Keycloak's",
                "client-secret", "clients keep their authenticator setting; a SMART public app's refresh without client_id is identified by its refresh token",
                "refresh_token", "the grant type id is the grant name; Keycloak's refresh, answering SMART clients the scope of the access token it issued"));
        List<String> ids = entries.stream().map(ProviderContract.Entry::id).toList();
        assertTrue(ids.containsAll(List.of("smart-configuration", "smart-lazy-scopes", "smart-client", "client_credentials",
                "smart-audience", "smart-fhir-audience", "smart-user-scope-ceiling", "smart-consent", "smart-fhir-user-mapper", "client-jwt", "smart-refresh-reuse",
                "client-secret", "refresh_token", "smart-required-actions-first", "smart-user-ceiling-guard")), ids.toString());
    }
}
