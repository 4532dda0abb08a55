package org.smartfhir.keycloak.consent;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.smartfhir.keycloak.spi.PendingRequiredActions;
import org.smartfhir.keycloak.spi.SmartFlowStep;
import org.smartfhir.keycloak.lazyscope.ClientScopeMaterializer;
import org.smartfhir.keycloak.scope.ConsentChoices;
import org.smartfhir.keycloak.scope.ConsentDecision;
import org.smartfhir.keycloak.scope.GrantContext;
import org.smartfhir.keycloak.scope.ScopeCeiling;
import org.smartfhir.keycloak.scope.ScopeWording;

/**
 * Renders {@code smart-consent.ftl} and turns the submitted form into the authentication session's {@code scope} note,
 * which Keycloak makes the code's and client session's scopes. "Deny" cancels the login, which Keycloak answers with
 * {@code error=access_denied} and the app's {@code state} on its registered redirect URI. Either way the decision is a
 * Keycloak consent event (see {@link ConsentEvent}), which the audit trail keeps.
 */
final class SmartConsentAuthenticator extends SmartFlowStep {

    private static final Logger LOG = Logger.getLogger(SmartConsentAuthenticator.class);
    static final String TEMPLATE = "smart-consent.ftl";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        ConsentChoices choices = choices(context.getAuthenticationSession(), wording(context));
        if (choices == null || !choices.needsConsent()) {
            context.success();
            return;
        }
        // The page names the app and the records it wants: not before the account is set up.
        if (PendingRequiredActions.refuseIfOwed(context)) {
            return;
        }
        context.challenge(context.form()
                .setAttribute("smartConsent", choices)
                .setAttribute("smartClientName", clientName(context.getAuthenticationSession().getClient()))
                .createForm(TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        ConsentChoices choices = choices(authSession, ScopeWording.ENGLISH);
        if (form.containsKey("deny") || !form.containsKey("grant")) {
            LOG.debugf("client %s: the user denied the SMART app", authSession.getClient().getClientId());
            if (choices != null) {
                ConsentEvent.send(context, ConsentDecision.denied(choices));
            }
            context.cancelLogin();
            return;
        }
        if (choices == null) {
            context.success();
            return;
        }
        List<String> ticked = form.get("scope");
        String granted = choices.grant(ticked);
        ConsentEvent.send(context, ConsentDecision.of(choices, granted));
        // Granular categories the user chose instead of a whole resource are new exact names: make them grantable.
        new ClientScopeMaterializer(context.getSession()).materialize(context.getRealm(), authSession.getClient(), granted,
                GrantContext.INTERACTIVE);
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, granted);
        context.success();
    }

    /** The choices offered (and then accepted); the wording only changes how they read, never what they are. */
    private static ConsentChoices choices(AuthenticationSessionModel authSession, ScopeWording wording) {
        String ceiling = authSession.getClient().getAttribute(ScopeCeiling.CLIENT_ATTRIBUTE);
        if (!ScopeCeiling.declared(ceiling)) {
            return null;
        }
        return ConsentChoices.of(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM), ScopeCeiling.parse(ceiling),
                wording);
    }

    /** The language the page is rendered in (Keycloak's choice: ui_locales, the user's, the realm's default). */
    private static ScopeWording wording(AuthenticationFlowContext context) {
        Locale locale = context.getSession().getContext().resolveLocale(context.getUser());
        return ScopeWording.of(locale, locale == null ? Map.of()
                : context.getRealm().getRealmLocalizationTextsByLocale(locale.toLanguageTag()));
    }

    private static String clientName(ClientModel client) {
        String name = client.getName();
        return name == null || name.isBlank() || name.startsWith("${") ? client.getClientId() : name;
    }

}
