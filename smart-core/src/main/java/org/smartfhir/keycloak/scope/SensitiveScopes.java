package org.smartfhir.keycloak.scope;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which requested SMART scopes are sensitive enough to demand a stronger sign-in (step-up). Patterns are read with the
 * scope grammar, not matched as strings, so {@code patient/Observation.write} (v1), {@code patient/Observation.cu}
 * and {@code user/*.cruds} are all recognised as writes: string matching on {@code .c}/{@code .u} would miss v1 and
 * wildcard forms, which is exactly how a step-up rule gets bypassed.
 *
 * <p>Pattern grammar: {@code <context>/<type>.<permissions>}, where context is {@code patient}, {@code user},
 * {@code system} or {@code *}, type is a FHIR resource type or {@code *}, and permissions are SMART v2 letters in
 * {@code cruds} order. A requested resource scope matches when its context and type overlap the pattern's (a wildcard
 * on either side overlaps everything) and it grants at least one of the pattern's permissions.
 */
public final class SensitiveScopes {

    /** The default: any write — v2 {@code c}, {@code u} or {@code d}, v1 {@code write} or {@code *}. */
    public static final String ANY_WRITE = "*/*.cud";

    private record Pattern(Context context, String type, Permissions permissions) {
    }

    private final List<Pattern> patterns;

    private SensitiveScopes(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    /**
     * @param config space-separated patterns; {@code null} or blank means {@link #ANY_WRITE}
     * @return the rules, or empty when any pattern is malformed (the caller must then fail closed)
     */
    public static Optional<SensitiveScopes> parse(String config) {
        String value = config == null || config.isBlank() ? ANY_WRITE : config;
        List<Pattern> parsed = new ArrayList<>();
        for (String token : ScopeParser.tokens(value)) {
            Pattern pattern = pattern(token);
            if (pattern == null) {
                return Optional.empty();
            }
            parsed.add(pattern);
        }
        return Optional.of(new SensitiveScopes(List.copyOf(parsed)));
    }

    private static Pattern pattern(String token) {
        int slash = token.indexOf('/');
        int dot = token.lastIndexOf('.');
        if (slash <= 0 || dot <= slash + 1 || dot == token.length() - 1) {
            return null;
        }
        String contextPart = token.substring(0, slash);
        Context context = contextPart.equals("*") ? null : Context.fromPrefix(contextPart);
        if (context == null && !contextPart.equals("*")) {
            return null;
        }
        String type = token.substring(slash + 1, dot);
        if (!type.equals("*") && !type.matches("[A-Z][A-Za-z]{0,63}")) {
            return null;
        }
        Permissions permissions = Permissions.parseV2(token.substring(dot + 1).toLowerCase(Locale.ROOT));
        return permissions == null ? null : new Pattern(context, type, permissions);
    }

    /** Whether any scope of {@code scopeParameter} is sensitive. Unparsable scopes are not: Keycloak refuses them. */
    public boolean anyRequested(String scopeParameter) {
        for (String token : ScopeParser.tokens(scopeParameter)) {
            Optional<SmartScope.Resource> resource = ScopeParser.resource(token);
            if (resource.isPresent() && patterns.stream().anyMatch(p -> matches(p, resource.get()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(Pattern pattern, SmartScope.Resource scope) {
        boolean context = pattern.context() == null || pattern.context() == scope.context();
        boolean type = pattern.type().equals("*") || scope.wildcardType() || pattern.type().equals(scope.resourceType());
        boolean permission = "cruds".chars().anyMatch(c -> pattern.permissions().has((char) c) && scope.permissions().has((char) c));
        return context && type && permission;
    }
}
