package org.smartfhir.keycloak.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PublicRefreshRequestTest {

    private static final String ISSUER = "https://id.example.org/realms/smart";

    @Test
    void smartsRefreshRequestCarriesNoClientAuthentication() {
        assertTrue(PublicRefreshRequest.withoutClientAuthentication("refresh_token", Set.of("grant_type", "refresh_token"), false));
        assertTrue(PublicRefreshRequest.withoutClientAuthentication("refresh_token",
                Set.of("grant_type", "refresh_token", "scope"), false));
    }

    @Test
    void aRequestThatNamesOrAuthenticatesItsClientSpeaksForItself() {
        for (String parameter : PublicRefreshRequest.CLIENT_PARAMETERS) {
            assertFalse(PublicRefreshRequest.withoutClientAuthentication("refresh_token",
                    Set.of("grant_type", "refresh_token", parameter), false), parameter);
        }
        assertFalse(PublicRefreshRequest.withoutClientAuthentication("refresh_token", Set.of("grant_type", "refresh_token"), true),
                "an Authorization header");
    }

    @Test
    void onlyARefreshWithARefreshTokenQualifies() {
        assertFalse(PublicRefreshRequest.withoutClientAuthentication("authorization_code", Set.of("grant_type", "code"), false));
        assertFalse(PublicRefreshRequest.withoutClientAuthentication("client_credentials", Set.of("grant_type"), false));
        assertFalse(PublicRefreshRequest.withoutClientAuthentication("refresh_token", Set.of("grant_type"), false));
        assertFalse(PublicRefreshRequest.withoutClientAuthentication(null, Set.of("refresh_token"), false));
        assertFalse(PublicRefreshRequest.withoutClientAuthentication("refresh_token", null, false));
    }

    @Test
    void aRefreshTokenOfThisRealmNamesItsClient() {
        assertEquals(Optional.of("app"), PublicRefreshRequest.issuedTo("Refresh", ISSUER, "app", ISSUER));
        assertEquals(Optional.of("app"), PublicRefreshRequest.issuedTo("Offline", ISSUER, "app", ISSUER));
    }

    @Test
    void anotherRealmsOrAnotherKindOfTokenNamesNobody() {
        assertEquals(Optional.empty(), PublicRefreshRequest.issuedTo("Refresh", "https://id.example.org/realms/other", "app", ISSUER));
        assertEquals(Optional.empty(), PublicRefreshRequest.issuedTo("Refresh", null, "app", ISSUER));
        assertEquals(Optional.empty(), PublicRefreshRequest.issuedTo("Bearer", ISSUER, "app", ISSUER), "an access token");
        assertEquals(Optional.empty(), PublicRefreshRequest.issuedTo("ID", ISSUER, "app", ISSUER), "an id token");
        assertEquals(Optional.empty(), PublicRefreshRequest.issuedTo(null, ISSUER, "app", ISSUER));
        assertEquals(Optional.empty(), PublicRefreshRequest.issuedTo("Refresh", ISSUER, " ", ISSUER));
        assertEquals(Optional.empty(), PublicRefreshRequest.issuedTo("Refresh", ISSUER, null, ISSUER));
        assertEquals(Optional.empty(), PublicRefreshRequest.issuedTo("Refresh", ISSUER, "app", null));
    }
}
