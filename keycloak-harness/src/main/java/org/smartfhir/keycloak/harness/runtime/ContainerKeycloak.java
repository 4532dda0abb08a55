package org.smartfhir.keycloak.harness.runtime;

import java.io.File;
import java.time.Duration;
import java.time.Instant;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The same Keycloak 26.7.3, started by testcontainers-keycloak for hosts that have a Docker engine
 * ({@code -Dkeycloak.runtime=container}). Our build machines have none, so this is never the default path; it exists
 * so that a developer with Docker can run the identical suite against the official image.
 */
public final class ContainerKeycloak implements KeycloakRuntime {

    public static final String IMAGE = "quay.io/keycloak/keycloak:" + KeycloakSettings.KEYCLOAK_VERSION;

    private final KeycloakSettings settings;
    private final KeycloakContainer container;
    private final Duration startTime;

    private ContainerKeycloak(KeycloakSettings settings, KeycloakContainer container, Duration startTime) {
        this.settings = settings;
        this.container = container;
        this.startTime = startTime;
    }

    @SuppressWarnings("resource") // closed in close()
    public static ContainerKeycloak start(KeycloakSettings settings) {
        if (settings.database() != Database.DEV_FILE) {
            throw new IllegalStateException("the container runtime runs on the embedded database only; "
                    + "use the default distribution runtime for -Dkeycloak.db=postgres");
        }
        KeycloakContainer container = new KeycloakContainer(IMAGE)
                .withAdminUsername(settings.adminUsername())
                .withAdminPassword(settings.adminPassword())
                .withProviderLibsFrom(settings.providers().stream().map(p -> p.toAbsolutePath().toFile()).toList())
                .withStartupTimeout(settings.startTimeout());
        for (var realm : settings.realmImports()) {
            container.withCopyFileToContainer(MountableFile.forHostPath(realm),
                    "/opt/keycloak/data/import/" + realm.getFileName());
        }
        if (!settings.realmImports().isEmpty()) {
            container.withCustomCommand("--import-realm");
        }
        settings.environment().forEach(container::withEnv);
        Instant started = Instant.now();
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("-Dkeycloak.runtime=container needs a working Docker engine (the default "
                    + "distribution runtime does not): " + e.getMessage(), e);
        }
        return new ContainerKeycloak(settings, container, Duration.between(started, Instant.now()));
    }

    @Override
    public String baseUrl() {
        String url = container.getAuthServerUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public KeycloakSettings settings() {
        return settings;
    }

    @Override
    public String logTail(int lines) {
        String[] all = container.getLogs().split("\\R");
        return String.join(System.lineSeparator(),
                java.util.Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length));
    }

    @Override
    public String description() {
        return "Keycloak container " + IMAGE + " at " + baseUrl()
                + ", providers=" + settings.providers().stream().map(p -> new File(p.toString()).getName()).toList()
                + ", ready in " + startTime.toMillis() / 1000.0 + " s";
    }

    @Override
    public void close() {
        container.stop();
    }
}
