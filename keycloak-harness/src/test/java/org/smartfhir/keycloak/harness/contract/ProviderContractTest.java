package org.smartfhir.keycloak.harness.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderContractTest {

    /** Stands in for a Keycloak factory interface. */
    public interface FakeFactory {
        String getId();
    }

    /** Registered in this module's test resources, as Keycloak's jars register their built-ins. */
    public static final class BuiltIn implements FakeFactory {
        public String getId() { return "taken-id"; }
    }

    public static final class Good implements FakeFactory {
        public String getId() { return "smart-good"; }
    }

    public static final class Camel implements FakeFactory {
        public String getId() { return "smartGood"; }
    }

    public static final class TooLong implements FakeFactory {
        public String getId() { return "a-provider-id-that-is-far-too-long-for-keycloak"; }
    }

    public static final class Shadowing implements FakeFactory {
        public String getId() { return "taken-id"; }
    }

    public static final class NotAFactory {
        public String getId() { return "not-a-factory"; }
    }

    @TempDir
    Path classes;

    private void register(String... classNames) throws IOException {
        Path services = classes.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(FakeFactory.class.getName()), String.join("\n", classNames) + "\n# comment\n");
    }

    private static String nameOf(Class<?> c) {
        return c.getName();
    }

    @Test
    void acceptsAWellFormedProvider() throws IOException {
        register(nameOf(Good.class));
        List<ProviderContract.Entry> entries = ProviderContract.assertSatisfied(classes);
        assertEquals(List.of(new ProviderContract.Entry(FakeFactory.class.getName(), Good.class.getName(), "smart-good")), entries);
    }

    @Test
    void reportsEveryViolation() throws IOException {
        register(nameOf(Camel.class), nameOf(TooLong.class), nameOf(Shadowing.class), nameOf(NotAFactory.class),
                nameOf(Good.class), nameOf(Good.class), "org.example.Missing");
        List<String> violations = new ArrayList<>();
        ProviderContract.check(classes, violations);
        String all = String.join("\n", violations);
        assertTrue(all.contains("'smartGood' is not kebab-case"), all);
        assertTrue(all.contains("longer than 36"), all);
        assertTrue(all.contains("shadows a Keycloak built-in"), all);
        assertTrue(all.contains("does not implement"), all);
        assertTrue(all.contains("registered twice"), all);
        assertTrue(all.contains("org.example.Missing cannot be loaded"), all);
        assertEquals(6, violations.size(), all);
    }

    @Test
    void anIntendedOverrideMustReallyReplaceABuiltIn() throws IOException {
        register(nameOf(Shadowing.class));
        ProviderContract.assertSatisfied(classes, java.util.Map.of("taken-id", "replaces the built-in on purpose"));
        register(nameOf(Good.class));
        AssertionError stale = assertThrows(AssertionError.class,
                () -> ProviderContract.assertSatisfied(classes, java.util.Map.of("smart-good", "stale")));
        assertTrue(stale.getMessage().contains("no built-in"), stale.getMessage());
    }

    @Test
    void aModuleWithoutProvidersFails() {
        AssertionError error = assertThrows(AssertionError.class, () -> ProviderContract.assertSatisfied(classes));
        assertTrue(error.getMessage().contains("would install nothing"));
    }
}
