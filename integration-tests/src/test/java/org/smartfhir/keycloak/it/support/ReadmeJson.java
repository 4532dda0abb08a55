package org.smartfhir.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON blocks of the README that suites register exactly as a reader would paste them. A block is marked by an
 * HTML comment right above its fence: {@code <!-- marker -->} or, for a family of blocks, {@code <!-- family:name -->}.
 */
public final class ReadmeJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadmeJson() {
    }

    /** The block marked {@code <!-- marker ... -->}; fails the test if the README has none. */
    public static Map<String, Object> block(String marker) {
        Map<String, Map<String, Object>> found = find(Pattern.quote(marker) + "()[^>]*");
        if (found.isEmpty()) {
            throw new AssertionError("the README has no JSON block marked <!-- " + marker + " -->");
        }
        return found.values().iterator().next();
    }

    /** The blocks marked {@code <!-- family:name -->}, by name, in README order. */
    public static Map<String, Map<String, Object>> family(String family) {
        return find(Pattern.quote(family) + ":([a-z0-9-]+) ");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> find(String marker) {
        String readme;
        try {
            readme = Files.readString(Path.of("..", "README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher block = Pattern.compile("<!-- " + marker + "-->\\s*```json\\s*(\\{.*?})\\s*```", Pattern.DOTALL).matcher(readme);
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        while (block.find()) {
            try {
                found.put(block.group(1), JSON.readValue(block.group(2), Map.class));
            } catch (IOException e) {
                throw new AssertionError("the README's JSON block <!-- " + block.group(1) + " --> does not parse", e);
            }
        }
        return found;
    }
}
