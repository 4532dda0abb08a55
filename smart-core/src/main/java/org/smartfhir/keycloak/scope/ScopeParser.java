package org.smartfhir.keycloak.scope;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses SMART App Launch 2.2 scopes: v1 ({@code patient/Observation.read}), v2
 * ({@code patient/Observation.rs}) and granular v2 ({@code patient/Observation.rs?category=...|laboratory}).
 *
 * <p>Strict by design, because every accepted string may become a client-scope name, a consent-page line and an
 * audit value: resource types are FHIR-shaped names, parameter names and values use a conservative URL-safe alphabet
 * (no spaces, quotes, angle brackets, control or non-ASCII characters), and lengths are bounded.
 */
public final class ScopeParser {

    /** Keycloak stores client-scope names in a VARCHAR(255). */
    public static final int MAX_SCOPE_LENGTH = 255;
    static final int MAX_PARAMETERS = 8;

    /** Scope tokens are separated by spaces (RFC 6749 §3.3); compiled once, as String.split would compile per call. */
    static final Pattern SPACES = Pattern.compile(" +");
    static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");
    /**
     * Plain search parameter names only: no {@code _include}/{@code _revinclude}/{@code _has} (they return other resources
     * than the scope names) and no {@code :modifier} (which can invert a constraint), so a parameter can only narrow.
     */
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9\\-]{0,63}");
    private static final Pattern PARAMETER_VALUE = Pattern.compile("[A-Za-z0-9\\-._~:/|%,+@]{1,200}");

    private ScopeParser() {
    }

    /** The tokens of a scope parameter or scope note; none for {@code null} or blank. */
    public static List<String> tokens(String scopeParameter) {
        return scopeParameter == null || scopeParameter.isBlank() ? List.of() : List.of(WHITESPACE.split(scopeParameter.trim()));
    }

    /** Whether any token of {@code scopeParameter} is a SMART resource scope of {@code context}, e.g. a {@code patient/} scope. */
    public static boolean anyResource(String scopeParameter, Context context) {
        return tokens(scopeParameter).stream().anyMatch(token -> resource(token).map(r -> r.context() == context).orElse(false));
    }

    /** The scope as a SMART resource scope, or empty when it is anything else (named, not SMART, malformed). */
    public static Optional<SmartScope.Resource> resource(String scope) {
        return parse(scope) instanceof ParsedScope.Smart smart && smart.scope() instanceof SmartScope.Resource r
                ? Optional.of(r) : Optional.empty();
    }

    public static ParsedScope parse(String scope) {
        if (scope == null || scope.isEmpty()) {
            return new ParsedScope.Malformed(String.valueOf(scope), "empty scope");
        }
        SmartScope.Kind kind = SmartScope.Kind.of(scope);
        if (kind != null) {
            return new ParsedScope.Smart(new SmartScope.Named(scope, kind));
        }
        int slash = scope.indexOf('/');
        String prefix = slash < 0 ? scope : scope.substring(0, slash);
        if (prefix.equals("launch")) {
            return new ParsedScope.Malformed(scope, "unknown launch context; SMART defines launch/patient and launch/encounter");
        }
        Context context = Context.fromPrefix(prefix);
        if (context == null || slash < 0) {
            return new ParsedScope.NotSmart(scope);
        }
        if (scope.length() > MAX_SCOPE_LENGTH) {
            return new ParsedScope.Malformed(scope, "longer than " + MAX_SCOPE_LENGTH + " characters");
        }
        return parseResource(scope, context, scope.substring(slash + 1));
    }

    private static ParsedScope parseResource(String scope, Context context, String rest) {
        int question = rest.indexOf('?');
        String body = question < 0 ? rest : rest.substring(0, question);
        int dot = body.lastIndexOf('.');
        if (dot < 0) {
            return new ParsedScope.Malformed(scope, "missing '.' and permissions after the resource type");
        }
        String type = body.substring(0, dot);
        String suffix = body.substring(dot + 1);
        if (!type.equals("*") && !RESOURCE_TYPE.matcher(type).matches()) {
            return new ParsedScope.Malformed(scope, "resource type must be a FHIR resource type name or *");
        }
        Permissions v1 = Permissions.parseV1(suffix);
        Permissions v2 = v1 == null ? Permissions.parseV2(suffix) : null;
        if (v1 == null && v2 == null) {
            return new ParsedScope.Malformed(scope,
                    "permissions must be read, write, * (v1) or a subset of c r u d s in that order (v2)");
        }
        List<Map.Entry<String, String>> parameters = List.of();
        if (question >= 0) {
            if (v1 != null) {
                return new ParsedScope.Malformed(scope, "granular parameters need v2 permissions");
            }
            parameters = parseParameters(rest.substring(question + 1));
            if (parameters == null) {
                return new ParsedScope.Malformed(scope,
                        "parameters must be name=value pairs joined by &, at most " + MAX_PARAMETERS + ", URL-safe characters only");
            }
        }
        return new ParsedScope.Smart(new SmartScope.Resource(scope, context, type, v1 != null ? v1 : v2, v1 != null, parameters));
    }

    private static List<Map.Entry<String, String>> parseParameters(String query) {
        String[] pairs = query.split("&", -1);
        if (pairs.length > MAX_PARAMETERS) {
            return null;
        }
        List<Map.Entry<String, String>> out = new ArrayList<>(pairs.length);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            String name = pair.substring(0, eq);
            String value = pair.substring(eq + 1);
            if (!PARAMETER_NAME.matcher(name).matches() || !PARAMETER_VALUE.matcher(value).matches()) {
                return null;
            }
            Map.Entry<String, String> entry = new AbstractMap.SimpleImmutableEntry<>(name, value);
            if (out.contains(entry)) {
                return null;
            }
            out.add(entry);
        }
        return out;
    }
}
