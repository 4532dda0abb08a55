package org.smartfhir.keycloak.audit.record;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Events as the listener would see them, for the tests. */
public final class Records {

    private Records() {
    }

    public static EventFacts user(String type, String error, Map<String, String> details) {
        return new EventFacts(false, type, error, 1_795_000_000_000L, "evt-" + type.toLowerCase(), "realm-1", "smart",
                "https://idp.example.org/realms/smart", "user-1", "alice", "app-1", "192.0.2.7", "session-abc",
                new HashMap<>(details), null, null, "pat-1", "enc-1", "http://idmanagement.gov/ns/assurance/aal/2",
                List.of("pwd", "otp", "mfa"), "corr-1");
    }

    /**
     * A decision on the SMART consent page as the consent step sends it: before any client session, so the patient
     * is an event detail rather than a grant fact.
     */
    public static EventFacts consent(String type, String error, Map<String, String> details) {
        return new EventFacts(false, type, error, 1_795_000_000_000L, "evt-" + type.toLowerCase(), "realm-1", "smart",
                "https://idp.example.org/realms/smart", "user-1", "alice", "app-1", "192.0.2.7", null,
                new HashMap<>(details), null, null, null, null, null, List.of(), "corr-1");
    }

    public static EventFacts admin(String operation, String resourceType, String path) {
        return new EventFacts(true, operation, null, 1_795_000_000_000L, "adm-1", "realm-1", "smart",
                "https://idp.example.org/realms/smart", "admin-1", "root", "security-admin-console", "192.0.2.9", null,
                Map.of(), resourceType, path, null, null, null, List.of(), null);
    }
}
