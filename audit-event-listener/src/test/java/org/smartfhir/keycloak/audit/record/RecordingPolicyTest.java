package org.smartfhir.keycloak.audit.record;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecordingPolicyTest {

    @Test
    void byDefaultOnlyFailedIntrospectionsAreRecordedAndEverythingElseIs() {
        RecordingPolicy policy = RecordingPolicy.parse(null);
        assertFalse(policy.records("INTROSPECT_TOKEN", false));
        assertTrue(policy.records("INTROSPECT_TOKEN", true));
        assertTrue(policy.records("CLIENT_LOGIN", false));
        assertTrue(policy.records("REFRESH_TOKEN", false));
        assertTrue(policy.records("USER_INFO_REQUEST", false));
        assertTrue(policy.records(null, false));
    }

    @Test
    void allRecordsSuccessfulIntrospectionsToo() {
        assertTrue(RecordingPolicy.parse(" ALL ").records("INTROSPECT_TOKEN", false));
        assertFalse(RecordingPolicy.parse("failures").records("INTROSPECT_TOKEN", false));
    }

    @Test
    void anUnknownValueRefusesToStartInsteadOfRecordingLess() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordingPolicy.parse("none"));
        assertTrue(e.getMessage().contains("'failures' or 'all'"));
    }
}
