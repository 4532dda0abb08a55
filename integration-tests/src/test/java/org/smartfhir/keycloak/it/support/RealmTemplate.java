package org.smartfhir.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;

/**
 * The shipped realm template ({@code realm-templates/smart-realm.json}, the file hospitals import), imported as a
 * further realm with the placeholder values a suite needs: for a suite that must test a part of the template the
 * shared realm has switched off (the directory federation) without changing the realm every other suite uses.
 *
 * <p>Placeholders are resolved as Keycloak's import does ({@code StringPropertyReplacer}): {@code ${NAME}} or
 * {@code ${NAME:default}} takes the value given, else the default, else stays literal; a default may itself hold an
 * expression, such as a {@code ${vault.…}} reference, which stays literal for Keycloak to resolve at use.
 */
public final class RealmTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::((?:[^{}]|\\{[^{}]*})*))?}");
    private static final String SERVER_ENVIRONMENT = "keycloak.env.";

    private RealmTemplate() {
    }

    /** The template's text with placeholders resolved from {@code values}, then the shared server's environment. */
    public static String resolved(Map<String, String> values) {
        Map<String, String> environment = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(SERVER_ENVIRONMENT))
                .forEach(name -> environment.put(name.substring(SERVER_ENVIRONMENT.length()), System.getProperty(name)));
        environment.putAll(values);
        Matcher placeholder = PLACEHOLDER.matcher(text());
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String value = environment.containsKey(placeholder.group(1)) ? environment.get(placeholder.group(1))
                    : placeholder.group(2) != null ? placeholder.group(2) : placeholder.group();
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(out);
        return out.toString();
    }

    /**
     * Creates a realm from the template, as an admin does with the console's "Create realm" and the file; {@code values}
     * must name the realm ({@code SMART_REALM}). An existing realm of that name is deleted first.
     */
    public static void importRealm(KeycloakAdmin admin, Map<String, String> values) {
        String realm = values.get("SMART_REALM");
        if (realm == null || realm.equals(RealmFixtures.REALM)) {
            throw new IllegalArgumentException("a template import needs its own SMART_REALM, not the shared realm");
        }
        admin.delete("/realms/" + realm);
        var created = admin.post("/realms", parsed(values));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("importing the template as " + realm + " -> " + created.statusCode() + ": "
                    + created.body());
        }
    }

    /** The shipped template, unresolved. */
    public static String text() {
        try {
            return Files.readString(Path.of(System.getProperty("keycloak.import.dir"), "smart-realm.json"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode parsed(Map<String, String> values) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(resolved(values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
