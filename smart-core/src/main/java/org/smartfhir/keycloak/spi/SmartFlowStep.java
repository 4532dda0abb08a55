package org.smartfhir.keycloak.spi;

import java.util.Map;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Base for browser-flow steps that act on an identified user and need no credential of their own. */
public abstract class SmartFlowStep implements Authenticator {

    /** The step's configuration as the admin set it; empty when there is none. */
    protected static Map<String, String> config(AuthenticationFlowContext context) {
        return context.getAuthenticatorConfig() == null || context.getAuthenticatorConfig().getConfig() == null
                ? Map.of() : context.getAuthenticatorConfig().getConfig();
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
