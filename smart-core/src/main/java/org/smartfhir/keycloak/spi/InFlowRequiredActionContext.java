package org.smartfhir.keycloak.spi;

import java.net.URI;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContextResult;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.events.EventBuilder;

/**
 * Keycloak's own required-action context, with one change: its pages post back to the browser flow's current step
 * instead of Keycloak's after-the-flow required-action endpoint, so that the action runs inside the flow.
 * Everything else (the form, the session code, the user, the event) is Keycloak's.
 */
final class InFlowRequiredActionContext extends RequiredActionContextResult {

    private final AuthenticationFlowContext flow;

    InFlowRequiredActionContext(AuthenticationFlowContext flow, EventBuilder event, RequiredActionFactory factory) {
        super(flow.getAuthenticationSession(), flow.getRealm(), event, flow.getSession(), flow.getHttpRequest(),
                flow.getUser(), factory);
        this.flow = flow;
    }

    @Override
    public URI getActionUrl(String code) {
        return flow.getActionUrl(code);
    }
}
