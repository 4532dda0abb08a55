package org.smartfhir.keycloak.harness.runtime;

/** Chooses the runtime named by {@code -Dkeycloak.runtime} ({@code distribution}, the default, or {@code container}). */
public final class KeycloakRuntimes {

    private KeycloakRuntimes() {
    }

    public static KeycloakRuntime start(KeycloakSettings settings) {
        String runtime = System.getProperty("keycloak.runtime", "distribution");
        return switch (runtime) {
            case "distribution" -> DistributionKeycloak.start(settings);
            case "container" -> ContainerKeycloak.start(settings);
            default -> throw new IllegalArgumentException("unknown keycloak.runtime '" + runtime
                    + "', expected distribution or container");
        };
    }
}
