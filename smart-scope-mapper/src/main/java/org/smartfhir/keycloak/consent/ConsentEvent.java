package org.smartfhir.keycloak.consent;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.scope.ConsentDecision;
import org.smartfhir.keycloak.spi.ConsentDetails;
import org.smartfhir.keycloak.spi.GrantNotes;

/**
 * The person's answer on the SMART consent page as a Keycloak event, so that every event listener (the audit trail
 * among them) sees it: {@code GRANT_CONSENT} when the app may see data, {@code GRANT_CONSENT_ERROR}
 * ({@code consent_denied}) when it may see none — "Deny", or "Allow" with every data permission unticked. HIPAA
 * §164.312(b) and IHE BALP's AuthZ-Consent record want the decision itself: what was granted ({@code scope}), what the
 * app asked for and was refused ({@code refused_scope}), for which app, user and patient, and when.
 *
 * <p>The event is a clone of the login's, so it carries the login's client and IP address, but is sent on its own: the login's own event ({@code LOGIN} or {@code LOGIN_ERROR}) still follows. No code, token or session id is
 * added.
 */
final class ConsentEvent {

    static final String NO_DATA_GRANTED = "the user granted the app none of the data permissions it asked for";

    private ConsentEvent() {
    }

    static void send(AuthenticationFlowContext context, ConsentDecision decision) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        EventBuilder event = context.getEvent().clone().event(EventType.GRANT_CONSENT)
                .client(authSession.getClient())
                .user(context.getUser())
                // A new request (the form's POST): the login's username detail is not on its event builder.
                .detail(Details.USERNAME, context.getUser().getUsername());
        detail(event, Details.SCOPE, ConsentDecision.detail(decision.granted()));
        detail(event, ConsentDetails.REFUSED_SCOPE, ConsentDecision.detail(decision.refused()));
        // The launch steps before this one chose the patient (and cleared one chosen for another user).
        detail(event, ConsentDetails.PATIENT, authSession.getClientNote(GrantNotes.PATIENT));
        if (decision.grantsData()) {
            event.success();
        } else {
            event.detail(Details.REASON, NO_DATA_GRANTED).error(Errors.CONSENT_DENIED);
        }
    }

    /** Sets or, when there is nothing to say, removes a detail the login's event may already carry. */
    private static void detail(EventBuilder event, String name, String value) {
        if (value == null) {
            event.removeDetail(name);
        } else {
            event.detail(name, value);
        }
    }
}
