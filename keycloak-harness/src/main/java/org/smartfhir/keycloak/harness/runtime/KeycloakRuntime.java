package org.smartfhir.keycloak.harness.runtime;

/** A running Keycloak, whichever way it was started. */
public interface KeycloakRuntime extends AutoCloseable {

    /** Base URL without trailing slash, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl();

    /** The settings it was started with. */
    KeycloakSettings settings();

    default String adminUsername() {
        return settings().adminUsername();
    }

    default String adminPassword() {
        return settings().adminPassword();
    }

    /** The last {@code lines} lines of the server log, for failure reports. */
    String logTail(int lines);

    /** One line saying what runs: version, runtime, database, providers, imported realms, start time. */
    String description();

    @Override
    void close();
}
