package org.smartfhir.keycloak.scope;

/** The compartment a SMART resource scope applies to (SMART App Launch 2.2 §"Scopes for requesting FHIR resources"). */
public enum Context {
    /** Data about the patient in context. */
    PATIENT("patient"),
    /** Data the signed-in user may access. */
    USER("user"),
    /** Data a backend service may access, with no user. */
    SYSTEM("system");

    private final String prefix;

    Context(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    static Context fromPrefix(String prefix) {
        for (Context c : values()) {
            if (c.prefix.equals(prefix)) {
                return c;
            }
        }
        return null;
    }
}
