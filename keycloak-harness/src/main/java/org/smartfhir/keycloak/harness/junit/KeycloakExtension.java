package org.smartfhir.keycloak.harness.junit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.smartfhir.keycloak.harness.admin.KeycloakAdmin;
import org.smartfhir.keycloak.harness.runtime.Database;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntime;
import org.smartfhir.keycloak.harness.runtime.KeycloakRuntimes;
import org.smartfhir.keycloak.harness.runtime.KeycloakSettings;
import org.smartfhir.keycloak.harness.runtime.LogFile;
import org.smartfhir.keycloak.harness.runtime.PostgresDatabase;

/**
 * Gives test classes a real Keycloak, started once per test run and shared by every class that uses the extension
 * (it lives in the root store and is stopped when the run ends). A start failure is remembered, so later classes
 * fail at once with the same log tail instead of each waiting for another start. When a test fails, the last 200
 * lines of the server log are printed next to the failure.
 *
 * <p>Inject {@link KeycloakRuntime} or {@link KeycloakAdmin} as test or lifecycle method parameters.
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);
    private static final int LOG_TAIL_LINES = 200;

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakRuntime.class || type == KeycloakAdmin.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Started started = server(context);
        return parameter.getParameter().getType() == KeycloakAdmin.class ? started.admin() : started.runtime();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Started started = context.getRoot().getStore(NAMESPACE).get(settingsKey(), Started.class);
        if (started != null && started.runtime() != null) {
            System.out.println(LogFile.banner("Keycloak log (last " + LOG_TAIL_LINES + " lines) after "
                    + context.getDisplayName() + " failed", started.runtime().logTail(LOG_TAIL_LINES)));
        }
    }

    private static Started server(ExtensionContext context) {
        KeycloakSettings settings = KeycloakSettings.fromSystemProperties();
        if (settings.database() == Database.POSTGRES) {
            PostgresDatabase postgres = PostgresDatabase.fromSystemProperties();
            if (!postgres.reachable()) {
                RequiredPeers.unavailable("postgres", "PostgreSQL is not reachable at " + postgres.host() + ":"
                        + postgres.port() + ", so the production-database suite does not run here");
            }
        }
        Started started = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(settingsKey(), key -> Started.start(settings), Started.class);
        if (started.failure() != null) {
            throw new IllegalStateException("Keycloak did not start (see the first failure for the log tail): "
                    + started.failure().getMessage().lines().findFirst().orElse(""), started.failure());
        }
        return started;
    }

    private static String settingsKey() {
        return "keycloak-" + System.getProperty("keycloak.db", "dev-file");
    }

    /** A started server, or the reason it could not start; closed by JUnit at the end of the run. */
    @SuppressWarnings("deprecation") // CloseableResource: still the portable way across JUnit 5.x
    private record Started(KeycloakRuntime runtime, KeycloakAdmin admin, RuntimeException failure)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        static Started start(KeycloakSettings settings) {
            try {
                KeycloakRuntime runtime = KeycloakRuntimes.start(settings);
                System.out.println("Started " + runtime.description());
                return new Started(runtime, new KeycloakAdmin(runtime), null);
            } catch (RuntimeException e) {
                System.out.println("Keycloak failed to start: " + e.getMessage());
                return new Started(null, null, e);
            }
        }

        @Override
        public void close() {
            if (runtime != null) {
                runtime.close();
            }
        }
    }
}
