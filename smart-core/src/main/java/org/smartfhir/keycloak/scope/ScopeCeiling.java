package org.smartfhir.keycloak.scope;

import java.util.ArrayList;
import java.util.List;

/**
 * The SMART resource scopes one client may ever receive, declared by the admin as patterns (client attribute
 * {@value #CLIENT_ATTRIBUTE}), e.g. {@code patient/*.rs user/Observation.cruds system/*.rs}. v1 and v2 are both
 * accepted; wildcards and permissions are meaningful ({@code patient/Observation.read} is within {@code patient/*.rs}).
 *
 * <p>Fail closed: a client without the attribute has an empty ceiling, and a malformed pattern contributes nothing
 * (it is reported in {@link #ignored()} so the admin can be told), so a typo never widens what a client may get.
 */
public final class ScopeCeiling {

    public static final String CLIENT_ATTRIBUTE = "smart.scope.ceiling";

    private final List<SmartScope.Resource> patterns;
    private final List<String> ignored;

    private ScopeCeiling(List<SmartScope.Resource> patterns, List<String> ignored) {
        this.patterns = List.copyOf(patterns);
        this.ignored = List.copyOf(ignored);
    }

    public static ScopeCeiling parse(String attribute) {
        List<SmartScope.Resource> patterns = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        if (attribute != null) {
            for (String token : ScopeParser.WHITESPACE.split(attribute.trim())) {
                if (token.isEmpty()) {
                    continue;
                }
                ScopeParser.resource(token).ifPresentOrElse(patterns::add, () -> ignored.add(token));
            }
        }
        return new ScopeCeiling(patterns, ignored);
    }

    /** Whether a client attribute value declares a ceiling, i.e. the client is a SMART client. */
    public static boolean declared(String attribute) {
        return attribute != null && !attribute.isBlank();
    }

    public boolean permits(SmartScope.Resource scope) {
        for (SmartScope.Resource pattern : patterns) {
            if (scope.within(pattern)) {
                return true;
            }
        }
        return false;
    }

    public List<SmartScope.Resource> patterns() {
        return patterns;
    }

    /** Pattern strings that are not SMART resource scopes and were therefore left out. */
    public List<String> ignored() {
        return ignored;
    }
}
