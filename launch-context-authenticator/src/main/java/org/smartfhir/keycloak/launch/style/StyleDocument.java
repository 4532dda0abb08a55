package org.smartfhir.keycloak.launch.style;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The style document an app fetches from {@code smart_style_url} (SMART App Launch, "smart-app-styling-properties":
 * {@code color_*}, {@code dim_*}, {@code font_family_*}). It comes from a theme an admin may have written, and apps
 * feed its values into their own CSS, so only a flat object of short, printable strings is served: anything else
 * (nested objects, markup-breaking characters, an oversized file) is refused rather than passed on.
 */
public final class StyleDocument {

    /** Far above a real style document (about 600 bytes), far below anything worth serving from a login server. */
    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_VALUE = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StyleDocument() {
    }

    /** The document as served, or empty when {@code in} is not an acceptable style document. */
    public static Optional<String> read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException malformed) {
            return Optional.empty();
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            return Optional.empty();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().matches("[a-z][a-z0-9_]{0,63}") || !field.getValue().isTextual()
                    || !safe(field.getValue().asText())) {
                return Optional.empty();
            }
        }
        return Optional.of(JSON.writeValueAsString(root));
    }

    /** Printable, and without what would end a CSS declaration or an HTML attribute an app pastes it into. */
    private static boolean safe(String value) {
        if (value.length() > MAX_VALUE) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == ';' || c == '{' || c == '}' || c == '<' || c == '>' || c == '\\'
                    || Character.getType(c) == Character.FORMAT) {
                return false;
            }
        }
        return true;
    }
}
