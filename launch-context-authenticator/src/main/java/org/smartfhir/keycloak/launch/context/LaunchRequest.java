package org.smartfhir.keycloak.launch.context;

/**
 * A validated EHR launch request: which app may use the context, optionally which user must be signed in, and the
 * context itself.
 *
 * @param clientId the SMART app's {@code client_id}; the handle is refused to any other client
 * @param user     username or user id the launch is bound to, or {@code null} for "whoever signs in"
 */
public record LaunchRequest(String clientId, String user, LaunchContext context) {
}
