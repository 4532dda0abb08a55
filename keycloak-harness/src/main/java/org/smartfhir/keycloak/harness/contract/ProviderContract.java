package org.smartfhir.keycloak.harness.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the {@code META-INF/services} entries a module ships, the way Keycloak will load them: every listed class
 * exists, implements the SPI's factory interface, has a public no-argument constructor, and its {@code getId()} is
 * kebab-case, at most 36 characters, unique within its SPI, and does not shadow a provider Keycloak ships in the
 * same SPI (a shadowing id would silently replace Keycloak's own behaviour).
 *
 * <p>Keycloak's built-in ids are read from the Keycloak jars on the test class path (they are {@code provided}
 * dependencies of every SPI module), so the check follows the Keycloak version the module compiles against.
 */
public final class ProviderContract {

    static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    static final int MAX_ID_LENGTH = 36;

    private ProviderContract() {
    }

    /** One registered provider of the module under test. */
    public record Entry(String spi, String className, String id) {
    }

    /** Fails with every violation listed; returns the entries when the module satisfies the contract. */
    public static List<Entry> assertSatisfied(Path classesDir) {
        return assertSatisfied(classesDir, Map.of());
    }

    /**
     * As {@link #assertSatisfied(Path)}, except for ids that deliberately replace a Keycloak built-in (a grant type,
     * whose id is the grant name). Each must be listed with the reason, is exempt from the id-shape rules, and must
     * really shadow a built-in: a stale exemption fails too.
     */
    public static List<Entry> assertSatisfied(Path classesDir, Map<String, String> intendedOverrides) {
        List<String> violations = new ArrayList<>();
        List<Entry> entries = check(classesDir, violations, intendedOverrides.keySet());
        if (entries.isEmpty()) {
            violations.add("no META-INF/services entries under " + classesDir + ": the jar would install nothing");
        }
        if (!violations.isEmpty()) {
            throw new AssertionError("provider contract violated:\n  " + String.join("\n  ", violations));
        }
        return entries;
    }

    static List<Entry> check(Path classesDir, List<String> violations) {
        return check(classesDir, violations, Set.of());
    }

    static List<Entry> check(Path classesDir, List<String> violations, Set<String> overrides) {
        Path services = classesDir.resolve("META-INF/services");
        if (!Files.isDirectory(services)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, Set<String>> idsPerSpi = new HashMap<>();
        try (Stream<Path> files = Files.list(services)) {
            for (Path file : files.sorted().toList()) {
                String spi = file.getFileName().toString();
                Set<String> builtIn = builtInIds(spi, file);
                for (String className : serviceLines(Files.readString(file, StandardCharsets.UTF_8))) {
                    String id = idOf(spi, className, violations);
                    if (id == null) {
                        continue;
                    }
                    entries.add(new Entry(spi, className, id));
                    if (overrides.contains(id)) {
                        if (!builtIn.contains(id)) {
                            violations.add(className + ": id '" + id + "' is declared an intended override, but no built-in of "
                                    + spi + " has it");
                        }
                        continue;
                    }
                    if (!KEBAB_CASE.matcher(id).matches()) {
                        violations.add(className + ": id '" + id + "' is not kebab-case");
                    }
                    if (id.length() > MAX_ID_LENGTH) {
                        violations.add(className + ": id '" + id + "' is longer than " + MAX_ID_LENGTH + " characters");
                    }
                    if (!idsPerSpi.computeIfAbsent(spi, k -> new HashSet<>()).add(id)) {
                        violations.add(className + ": id '" + id + "' registered twice in " + spi);
                    }
                    if (builtIn.contains(id)) {
                        violations.add(className + ": id '" + id + "' shadows a Keycloak built-in provider of " + spi);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static String idOf(String spi, String className, List<String> violations) {
        try {
            Class<?> spiType = Class.forName(spi, false, loader());
            Class<?> type = Class.forName(className, true, loader());
            if (!spiType.isAssignableFrom(type)) {
                violations.add(className + " does not implement " + spi);
                return null;
            }
            Object factory = type.getConstructor().newInstance();
            Object id = type.getMethod("getId").invoke(factory);
            if (!(id instanceof String s) || s.isBlank()) {
                violations.add(className + ": getId() returned no id");
                return null;
            }
            return s;
        } catch (ReflectiveOperationException | LinkageError e) {
            violations.add(className + " cannot be loaded and instantiated as Keycloak would: " + e);
            return null;
        }
    }

    /** Ids of the same SPI registered by other jars on the class path (Keycloak's own). */
    private static Set<String> builtInIds(String spi, Path ours) throws IOException {
        Set<String> ids = new HashSet<>();
        Enumeration<URL> resources = loader().getResources("META-INF/services/" + spi);
        while (resources.hasMoreElements()) {
            URL url = resources.nextElement();
            if (url.getProtocol().equals("file") && Path.of(url.getPath()).normalize().equals(ours.toAbsolutePath().normalize())) {
                continue;
            }
            try (InputStream in = url.openStream()) {
                for (String className : serviceLines(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                    try {
                        Class<?> type = Class.forName(className, true, loader());
                        Object id = type.getMethod("getId").invoke(type.getConstructor().newInstance());
                        if (id instanceof String s) {
                            ids.add(s);
                        }
                    } catch (ReflectiveOperationException | LinkageError | RuntimeException ignored) {
                        // a built-in that needs the running server to instantiate; its id cannot be read here
                    }
                }
            }
        }
        return ids;
    }

    private static List<String> serviceLines(String content) {
        return content.lines().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).toList();
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ProviderContract.class.getClassLoader();
    }
}
