package org.smartfhir.keycloak.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class SignInScopesTest {

    @Test
    void keycloaksRealmDefaultsLeaveOnlyWhatTheSignInNeeds() {
        assertEquals(List.of("profile", "email", "roles", "web-origins"),
                SignInScopes.surplusDefaults(List.of("profile", "email", "roles", "web-origins", "acr", "basic")));
    }

    @Test
    void smartScopesAndAdminScopesAreNeverDefaults() {
        assertEquals(List.of("patient/*.rs", "fhirUser", "offline_access", "hospital-claims"),
                SignInScopes.surplusDefaults(List.of("basic", "patient/*.rs", "fhirUser", "offline_access", "hospital-claims")));
    }

    @Test
    void theFlowScopesStay() {
        assertEquals(List.of(), SignInScopes.surplusDefaults(List.of("basic", "acr", "service_account")));
        assertEquals(List.of(), SignInScopes.surplusDefaults(null));
    }
}
