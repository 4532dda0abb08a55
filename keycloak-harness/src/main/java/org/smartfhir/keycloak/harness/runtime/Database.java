package org.smartfhir.keycloak.harness.runtime;

/** The storage a Keycloak under test runs on; a build-time option of Keycloak, so each needs its own build. */
public enum Database {
    /** Keycloak's embedded H2 file database: what the demo and the default suite use. */
    DEV_FILE("dev-file"),
    /** PostgreSQL on loopback: the production path. */
    POSTGRES("postgres");

    private final String kind;

    Database(String kind) {
        this.kind = kind;
    }

    /** The value of Keycloak's {@code --db} option. */
    public String kind() {
        return kind;
    }

    public static Database fromKind(String kind) {
        for (Database d : values()) {
            if (d.kind.equalsIgnoreCase(kind)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown keycloak.db '" + kind + "', expected dev-file or postgres");
    }
}
