package org.smartfhir.keycloak.audit.record;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Makes a request-supplied string safe to store, log and ship: Unicode-normalized (NFC), without control characters
 * (log injection: a newline forges a second syslog line), without bidirectional overrides and invisible characters
 * (they make a name display as something else to the compliance officer), bounded in length, and with anything that
 * looks like a token replaced — a JWT or a long opaque secret must never reach the audit trail, even through a field
 * that was not meant to carry one.
 */
public final class AuditText {

    public static final int MAX_LENGTH = 512;

    private static final Pattern HIDDEN = Pattern.compile("[\\p{Cc}\\p{Cf}\\u2028\\u2029]");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");

    private AuditText() {
    }

    /** {@code null} stays {@code null}; everything else comes back clean and at most {@code max} characters long. */
    public static String clean(String value, int max) {
        if (value == null) {
            return null;
        }
        String text = value.length() > 8 * max ? value.substring(0, 8 * max) : value; // bound the work first
        text = Normalizer.normalize(text, Normalizer.Form.NFC);
        text = HIDDEN.matcher(text).replaceAll("");
        text = JWT.matcher(text).replaceAll("[redacted-jwt]");
        if (text.codePointCount(0, text.length()) > max) {
            text = text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
        }
        return text;
    }

    public static String clean(String value) {
        return clean(value, MAX_LENGTH);
    }
}
