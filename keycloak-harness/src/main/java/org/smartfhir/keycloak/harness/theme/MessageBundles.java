package org.smartfhir.keycloak.harness.theme;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks a module's message bundles against its page templates, the way a translator and a user would meet them: a
 * key a page asks for but English lacks shows the raw key on screen; a translated key English no longer has is dead
 * text; a translation that drops or invents a {@code {0}} placeholder shows the wrong name (the app's, the patient's)
 * or none. Keycloak reads bundles as UTF-8, so they are read that way here.
 */
public final class MessageBundles {

    private static final Pattern MSG_CALL = Pattern.compile("msg\\(\"([A-Za-z0-9_.-]+)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    private MessageBundles() {
    }

    private static Properties load(Path bundle) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(bundle, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The keys the templates under {@code templates} ask for with {@code msg("…")}. */
    public static Set<String> keysUsedBy(Path templates) {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(templates)) {
            for (Path ftl : files.filter(p -> p.toString().endsWith(".ftl")).toList()) {
                Matcher m = MSG_CALL.matcher(Files.readString(ftl));
                while (m.find()) {
                    keys.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    /**
     * Everything wrong with the bundles of a theme directory or a provider jar's {@code theme-resources} (its page
     * templates and {@code messages/}): a key a page shows that English lacks, an empty text, and for each translation
     * a key English does not have, a key it has not translated yet (the pack's pages are fully translated into each
     * language it ships), or placeholders that differ from English. Empty when all is well.
     */
    public static List<String> completeness(Path themeResources) {
        Path messages = themeResources.resolve("messages");
        Properties english = load(messages.resolve("messages_en.properties"));
        List<String> problems = new ArrayList<>();
        for (String key : keysUsedBy(themeResources)) {
            if (!english.containsKey(key)) {
                problems.add("messages_en lacks " + key + ", which a page shows");
            }
        }
        for (String key : english.stringPropertyNames()) {
            if (english.getProperty(key).isBlank()) {
                problems.add("messages_en has an empty " + key);
            }
        }
        for (Path bundle : translations(messages)) {
            String name = bundle.getFileName().toString();
            Properties translated = load(bundle);
            for (String key : new TreeSet<>(english.stringPropertyNames())) {
                if (!translated.containsKey(key)) {
                    problems.add(name + " lacks " + key);
                }
            }
            for (String key : translated.stringPropertyNames()) {
                if (!english.containsKey(key)) {
                    problems.add(name + " has " + key + ", which English does not");
                } else if (!placeholders(translated.getProperty(key)).equals(placeholders(english.getProperty(key)))) {
                    problems.add(name + " " + key + " uses placeholders " + placeholders(translated.getProperty(key))
                            + " where English uses " + placeholders(english.getProperty(key)));
                } else if (translated.getProperty(key).isBlank()) {
                    problems.add(name + " has an empty " + key);
                }
            }
        }
        return problems;
    }

    /** {@code messages_xx.properties} (and {@code messages_xx-YY}) beside English, in name order. */
    private static List<Path> translations(Path messages) {
        try (Stream<Path> files = Files.list(messages)) {
            return files.filter(p -> p.getFileName().toString().matches("messages_[a-z]{2}(-[A-Z]{2})?\\.properties"))
                    .filter(p -> !p.getFileName().toString().equals("messages_en.properties")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
