package org.smartfhir.keycloak.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.smartfhir.keycloak.scope.ScopeCeiling;
import org.smartfhir.keycloak.scope.SmartScope;

/**
 * The discovery document's {@code scopes_supported} (SMART App Launch 2.2 §"Conformance": "Array of scopes a client
 * may request"): SMART's own scopes for the capabilities this realm really offers, then the resource-scope patterns
 * its SMART clients' ceilings allow ({@code patient/*.rs}, {@code system/Observation.rs}, …), which are the shapes a
 * client can ask for. Keycloak's own list ({@code profile}, {@code email}, {@code roles}, …) is not repeated: those
 * scopes are not SMART's, and a SMART client gets none of them unless it asks.
 */
final class SupportedScopes {

    private SupportedScopes() {
    }

    static List<String> of(Set<SmartCapability> capabilities, Collection<String> ceilingAttributes) {
        List<String> scopes = new ArrayList<>();
        scopes.add(SmartScope.Kind.OPENID.scope());
        addIf(scopes, capabilities.contains(SmartCapability.SSO_OPENID_CONNECT), SmartScope.Kind.FHIR_USER);
        addIf(scopes, capabilities.contains(SmartCapability.LAUNCH_EHR), SmartScope.Kind.LAUNCH);
        addIf(scopes, capabilities.contains(SmartCapability.CONTEXT_STANDALONE_PATIENT), SmartScope.Kind.LAUNCH_PATIENT);
        addIf(scopes, capabilities.contains(SmartCapability.CONTEXT_STANDALONE_ENCOUNTER), SmartScope.Kind.LAUNCH_ENCOUNTER);
        addIf(scopes, capabilities.contains(SmartCapability.PERMISSION_OFFLINE), SmartScope.Kind.OFFLINE_ACCESS);
        addIf(scopes, capabilities.contains(SmartCapability.PERMISSION_ONLINE), SmartScope.Kind.ONLINE_ACCESS);
        if (capabilities.contains(SmartCapability.PERMISSION_V1) || capabilities.contains(SmartCapability.PERMISSION_V2)) {
            Set<String> patterns = new TreeSet<>();
            for (String attribute : ceilingAttributes) {
                ScopeCeiling.parse(attribute).patterns().forEach(p -> patterns.add(p.original()));
            }
            scopes.addAll(patterns);
        }
        return scopes;
    }

    private static void addIf(List<String> scopes, boolean offered, SmartScope.Kind kind) {
        if (offered) {
            scopes.add(kind.scope());
        }
    }
}
