package org.smartfhir.keycloak.launch.context;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * FHIR's lexical rules for the values a launch context carries. Checked on the way in, because these values end up
 * verbatim in tokens that resource servers trust: an id with a slash or a query would widen the compartment a
 * server enforces, a control character would forge lines in whoever logs it.
 */
public final class FhirValues {

    /** FHIR R4 {@code id}: "[A-Za-z0-9\-\.]{1,64}". */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    /** A FHIR resource type name. */
    private static final Pattern TYPE = Pattern.compile("[A-Z][A-Za-z]{0,63}");
    public static final int MAX_TEXT = 256;
    public static final int MAX_URL = 2048;

    private FhirValues() {
    }

    /** A FHIR id with at least one letter or digit: {@code .} and {@code ..} are path segments, not ids. */
    public static boolean isId(String value) {
        return value != null && ID.matcher(value).matches() && value.chars().anyMatch(Character::isLetterOrDigit);
    }

    public static boolean isResourceType(String value) {
        return value != null && TYPE.matcher(value).matches();
    }

    /** A relative literal reference {@code Type/id}, the only form SMART's {@code fhirContext.reference} allows. */
    public static boolean isRelativeReference(String value) {
        if (value == null) {
            return false;
        }
        int slash = value.indexOf('/');
        return slash > 0 && isResourceType(value.substring(0, slash)) && isId(value.substring(slash + 1));
    }

    /** Text an EHR may pass through (intent, tenant, identifier values): bounded, printable, no invisible characters. */
    public static boolean isSafeText(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_TEXT && printable(value);
    }

    /** An absolute URI with a scheme (roles, canonicals, identifier systems); bounded and printable. */
    public static boolean isAbsoluteUri(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_URL || !printable(value) || value.contains(" ")) {
            return false;
        }
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A FHIR {@code canonical}: an absolute URL, optionally followed by {@code |version}. */
    public static boolean isCanonical(String value) {
        if (value == null) {
            return false;
        }
        int bar = value.indexOf('|');
        return bar < 0 ? isAbsoluteUri(value)
                : isAbsoluteUri(value.substring(0, bar)) && isSafeText(value.substring(bar + 1)) && !value.substring(bar + 1).contains(" ");
    }

    /**
     * An http(s) URL without user info, for {@code smart_style_url}: apps fetch it, so nothing else (no
     * {@code javascript:}, no {@code file:}, no credentials in the URL).
     */
    public static boolean isWebUrl(String value) {
        if (!isAbsoluteUri(value)) {
            return false;
        }
        URI uri = URI.create(value);
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null && uri.getRawUserInfo() == null;
    }

    /**
     * No control characters, and none of Unicode's invisible format characters (bidi overrides, zero-width joiners),
     * which make a value display differently from what it is.
     */
    static boolean printable(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }
}
