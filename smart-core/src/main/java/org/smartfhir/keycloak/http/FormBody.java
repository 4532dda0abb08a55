package org.smartfhir.keycloak.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Whether bytes are a decodable, bounded {@code application/x-www-form-urlencoded} form (WHATWG URL §5, as RFC 6749
 * §B and RFC 7662 §2.1 use it) or query string: every {@code %} starts two hex digits, the decoded bytes are UTF-8,
 * and there are at most {@link #MAX_PARAMETERS} parameters. The framework's own decoder throws on the first bad escape
 * — a 500 whose log line holds the whole body, tokens included — so the pack checks first. The reasons are fixed
 * texts: nothing of the input is ever echoed.
 */
public final class FormBody {

    /** Far above any introspection or token request (a JWT of a few KiB plus a hint). */
    public static final int MAX_BYTES = 64 * 1024;
    /** Query strings of the pack's read APIs: a handful of search parameters. */
    public static final int MAX_QUERY_CHARS = 8 * 1024;
    public static final int MAX_PARAMETERS = 64;

    private FormBody() {
    }

    /** @param body the body, or its first {@code MAX_BYTES + 1} bytes */
    public static Optional<String> problem(byte[] body) {
        if (body.length > MAX_BYTES) {
            return Optional.of("the form body is larger than " + MAX_BYTES + " bytes");
        }
        return check(body, "the form body");
    }

    /** @param rawQuery the query string as sent (still percent-encoded), or {@code null} */
    public static Optional<String> queryProblem(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.empty();
        }
        if (rawQuery.length() > MAX_QUERY_CHARS) {
            return Optional.of("the query string is longer than " + MAX_QUERY_CHARS + " characters");
        }
        return check(rawQuery.getBytes(StandardCharsets.UTF_8), "the query string");
    }

    private static Optional<String> check(byte[] raw, String what) {
        int parameters = 0;
        int start = 0;
        for (int i = 0; i <= raw.length; i++) {
            if (i == raw.length || raw[i] == '&') {
                if (i > start && ++parameters > MAX_PARAMETERS) {
                    return Optional.of(what + " has more than " + MAX_PARAMETERS + " parameters");
                }
                if (!decodable(raw, start, i)) {
                    return Optional.of(what + " is not validly percent-encoded UTF-8");
                }
                start = i + 1;
            }
        }
        return Optional.empty();
    }

    private static boolean decodable(byte[] raw, int from, int to) {
        ByteBuffer decoded = ByteBuffer.allocate(to - from);
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            if (b == '%') {
                if (i + 2 >= to) {
                    return false;
                }
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    return false;
                }
                decoded.put((byte) (hi << 4 | lo));
                i += 2;
            } else {
                decoded.put(b == '+' ? (byte) ' ' : b);
            }
        }
        decoded.flip();
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(decoded);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
