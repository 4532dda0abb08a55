package org.smartfhir.keycloak.http;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MediaType;

/**
 * A {@code Content-Type} header read strictly by RFC 9110 §8.3.1 ({@code type "/" subtype *( OWS ";" OWS parameter )}):
 * a malformed one is a client error (4xx), never handed to a framework parser that answers it with a 500.
 */
public final class MediaTypes {

    private static final String TCHAR = "!#$%&'*+-.^_`|~";

    private MediaTypes() {
    }

    /** Empty unless the value is one well-formed media type; parameter names are lower-cased. */
    public static Optional<MediaType> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Cursor in = new Cursor(header);
        in.skipSpace();
        String type = in.token();
        if (type.isEmpty() || !in.take('/')) {
            return Optional.empty();
        }
        String subtype = in.token();
        if (subtype.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            in.skipSpace();
            if (in.atEnd()) {
                return Optional.of(new MediaType(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), parameters));
            }
            if (!in.take(';')) {
                return Optional.empty();
            }
            in.skipSpace();
            String name = in.token();
            if (name.isEmpty() || !in.take('=')) {
                return Optional.empty();
            }
            Optional<String> value = in.peek() == '"' ? in.quoted() : Optional.of(in.token()).filter(v -> !v.isEmpty());
            if (value.isEmpty() || parameters.putIfAbsent(name.toLowerCase(Locale.ROOT), value.get()) != null) {
                return Optional.empty();
            }
        }
    }

    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        char peek() {
            return atEnd() ? 0 : text.charAt(at);
        }

        boolean take(char c) {
            if (peek() == c && !atEnd()) {
                at++;
                return true;
            }
            return false;
        }

        void skipSpace() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                at++;
            }
        }

        String token() {
            int start = at;
            while (!atEnd() && isTchar(peek())) {
                at++;
            }
            return text.substring(start, at);
        }

        /** quoted-string: DQUOTE *( qdtext / quoted-pair ) DQUOTE, visible ASCII only. */
        Optional<String> quoted() {
            StringBuilder value = new StringBuilder();
            at++;
            while (!atEnd()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return Optional.of(value.toString());
                }
                if (c == '\\') {
                    if (atEnd()) {
                        return Optional.empty();
                    }
                    c = text.charAt(at++);
                }
                if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                    return Optional.empty();
                }
                value.append(c);
            }
            return Optional.empty();
        }

        private static boolean isTchar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TCHAR.indexOf(c) >= 0;
        }
    }
}
