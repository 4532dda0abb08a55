package org.smartfhir.keycloak.scope;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The words {@link ScopeDescriptions} builds sentences from, in one language: a patient must read what an app may do in
 * the language the sign-in pages speak to them. English is complete and fills whatever a translation lacks; a realm's
 * own localization texts (keys prefixed {@value #OVERRIDE_PREFIX}) override both, so a hospital can say "lab results"
 * its own way without a new jar.
 */
public final class ScopeWording {

    public static final String OVERRIDE_PREFIX = "smartScope.";
    private static final String BUNDLE = "wording/messages/messages_%s.properties";
    /** The bundles are read-only resources of this jar: each language is read once, not on every consent page. */
    private static final Map<String, Properties> BUNDLES = new ConcurrentHashMap<>();

    public static final ScopeWording ENGLISH = of(Locale.ENGLISH, Map.of());

    private final Properties texts;

    private ScopeWording(Properties texts) {
        this.texts = texts;
    }

    /** The wording for {@code locale} (its language; English where it has no translation), with realm overrides. */
    public static ScopeWording of(Locale locale, Map<String, String> overrides) {
        Properties texts = new Properties();
        texts.putAll(bundle("en"));
        if (locale != null && !locale.getLanguage().isEmpty() && !"en".equals(locale.getLanguage())) {
            texts.putAll(bundle(locale.getLanguage()));
        }
        overrides.forEach((key, value) -> {
            if (key.startsWith(OVERRIDE_PREFIX) && value != null && !value.isBlank()) {
                texts.setProperty(key.substring(OVERRIDE_PREFIX.length()), value);
            }
        });
        return new ScopeWording(texts);
    }

    /** A language's bundle; empty for a tag that is not a plain language code, or one without a translation. */
    private static Properties bundle(String language) {
        if (!language.matches("[a-z]{2,3}")) {
            return new Properties();
        }
        return BUNDLES.computeIfAbsent(language, ScopeWording::load);
    }

    private static Properties load(String language) {
        Properties properties = new Properties();
        try (InputStream in = ScopeWording.class.getResourceAsStream(String.format(BUNDLE, language))) {
            if (in != null) {
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** Whether {@code key} has a text (a type with a friendly name, a context with its own phrase). */
    boolean has(String key) {
        return texts.containsKey(key);
    }

    /**
     * The text of {@code key} with {@code {0}}, {@code {1}} replaced (no {@link java.text.MessageFormat}: its quote
     * rules would eat the apostrophes of real sentences). A missing key reads as the key, which a test catches.
     */
    String text(String key, String... arguments) {
        String text = texts.getProperty(key, key);
        for (int i = 0; i < arguments.length; i++) {
            text = text.replace("{" + i + "}", arguments[i]);
        }
        return text;
    }
}
