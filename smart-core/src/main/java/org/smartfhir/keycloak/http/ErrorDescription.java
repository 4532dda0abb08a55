package org.smartfhir.keycloak.http;

/**
 * The one rule for an OAuth {@code error_description}: RFC 6749 §5.2 allows only {@code %x20-21 / %x23-5B / %x5D-7E}
 * (printable ASCII without {@code "} and {@code \}). A description that quotes a request value (a scope, a parameter
 * name) would otherwise carry whatever the caller put there — quotes that break a client's parser, line breaks, bidi
 * controls — so every character outside the set becomes {@code ?} and the text is bounded.
 */
public final class ErrorDescription {

    /** Long enough for any fixed text of the pack; bounds what an echoed value can add. */
    public static final int MAX_LENGTH = 300;

    private ErrorDescription() {
    }

    public static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 3));
        text.codePoints().limit(MAX_LENGTH).forEach(c -> clean.append(allowed(c) ? (char) c : '?'));
        if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
            clean.append("...");
        }
        return clean.toString();
    }

    public static boolean allowed(int c) {
        return c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
    }
}
