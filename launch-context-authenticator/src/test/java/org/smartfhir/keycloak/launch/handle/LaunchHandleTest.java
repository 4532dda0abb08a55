package org.smartfhir.keycloak.launch.handle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LaunchHandleTest {

    @Test
    void handlesAreUniqueWellFormedAndNotTheirStoreKey() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String handle = LaunchHandle.mint();
            assertTrue(LaunchHandle.wellFormed(handle));
            assertTrue(seen.add(handle));
        }
        String handle = LaunchHandle.mint();
        String key = LaunchHandle.storeKey("realm-1", handle);
        assertFalse(key.contains(handle), "the store never holds the usable handle");
        assertEquals(key, LaunchHandle.storeKey("realm-1", handle));
        assertNotEquals(key, LaunchHandle.storeKey("realm-2", handle), "a handle is scoped to its realm");
    }

    @Test
    void foreignShapesAreNotHandles() {
        assertFalse(LaunchHandle.wellFormed(null));
        assertFalse(LaunchHandle.wellFormed(""));
        assertFalse(LaunchHandle.wellFormed("x".repeat(42)));
        assertFalse(LaunchHandle.wellFormed("x".repeat(44)));
        assertFalse(LaunchHandle.wellFormed("x".repeat(42) + "="));
        assertFalse(LaunchHandle.wellFormed("x".repeat(42) + "\n"));
    }
}
