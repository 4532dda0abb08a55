package org.smartfhir.keycloak.scope;

import java.util.List;
import java.util.Map;

/** A parsed SMART scope. The original string is kept: SMART requires granted scopes to be echoed verbatim. */
public sealed interface SmartScope permits SmartScope.Resource, SmartScope.Named {

    String original();

    /**
     * {@code patient|user|system / Type|* . permissions [?param=value&...]}.
     *
     * @param resourceType a FHIR resource type name, or {@code *} for all types
     * @param v1           whether the request used v1 suffixes ({@code read}, {@code write}, {@code *})
     * @param parameters   granular constraints in request order; each narrows the scope (AND semantics)
     */
    record Resource(String original, Context context, String resourceType, Permissions permissions, boolean v1,
                    List<Map.Entry<String, String>> parameters) implements SmartScope {

        public Resource {
            parameters = List.copyOf(parameters);
        }

        public boolean wildcardType() {
            return "*".equals(resourceType);
        }

        public boolean granular() {
            return !parameters.isEmpty();
        }

        /**
         * Whether everything this scope grants is also granted by {@code broader}: same context, same or wildcard
         * type, a superset of permissions, and every constraint of {@code broader} also constrains this scope.
         */
        public boolean within(Resource broader) {
            return context == broader.context
                    && (broader.wildcardType() || resourceType.equals(broader.resourceType))
                    && broader.permissions.containsAll(permissions)
                    && parameters.containsAll(broader.parameters);
        }
    }

    /** The SMART scopes that are not about FHIR resources. */
    record Named(String original, Kind kind) implements SmartScope {
    }

    enum Kind {
        LAUNCH("launch"),
        LAUNCH_PATIENT("launch/patient"),
        LAUNCH_ENCOUNTER("launch/encounter"),
        OPENID("openid"),
        FHIR_USER("fhirUser"),
        PROFILE("profile"),
        OFFLINE_ACCESS("offline_access"),
        ONLINE_ACCESS("online_access");

        private final String scope;

        Kind(String scope) {
            this.scope = scope;
        }

        public String scope() {
            return scope;
        }

        static Kind of(String scope) {
            for (Kind k : values()) {
                if (k.scope.equals(scope)) {
                    return k;
                }
            }
            return null;
        }
    }
}
