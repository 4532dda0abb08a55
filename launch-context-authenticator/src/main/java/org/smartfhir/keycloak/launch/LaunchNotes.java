package org.smartfhir.keycloak.launch;

/**
 * Session note names shared by the launch steps and the context mapper. Client notes travel from the authentication
 * session into the client session when the flow ends, so the context is there for the code exchange and every
 * refresh; auth notes stay with the login attempt.
 */
public final class LaunchNotes {

    /** Client note: the launch context as JSON ({@link org.smartfhir.keycloak.launch.context.LaunchContext#toJson()}). */
    public static final String CONTEXT = "smart.launch.context";
    /** Client note: id of the user the context was chosen for. */
    public static final String CONTEXT_USER = "smart.launch.user";
    /** Auth note: store key of the handle this login already consumed. */
    public static final String CONSUMED_HANDLE = "smart.launch.consumed";

    private LaunchNotes() {
    }
}
