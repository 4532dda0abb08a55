package org.smartfhir.keycloak.audit.listener;

import java.util.Arrays;
import java.util.List;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.smartfhir.keycloak.assurance.AssuranceLevel;
import org.smartfhir.keycloak.spi.GrantNotes;

/**
 * What a grant's client session says about it — the SMART patient and encounter, the NIST level reached ({@code acr})
 * and the authentication methods ({@code amr}) — so that a compliance officer can ask "who accessed this patient, and
 * how strongly were they signed in". Keycloak's events carry none of it.
 */
record GrantFacts(String patient, String encounter, String acr, List<String> amr) {

    static final GrantFacts NONE = new GrantFacts(null, null, null, List.of());

    static GrantFacts of(KeycloakSession session, String realmId, String userSessionId, String clientId) {
        try {
            RealmModel realm = realmId == null ? null : session.realms().getRealm(realmId);
            ClientModel client = realm == null || clientId == null ? null : realm.getClientByClientId(clientId);
            if (client == null || userSessionId == null) {
                return NONE;
            }
            UserSessionModel userSession = session.sessions().getUserSession(realm, userSessionId);
            if (userSession == null) {
                userSession = session.sessions().getOfflineUserSession(realm, userSessionId);
            }
            AuthenticatedClientSessionModel clientSession = userSession == null ? null
                    : userSession.getAuthenticatedClientSessionByClient(client.getId());
            if (clientSession == null) {
                return NONE;
            }
            String amr = clientSession.getNote(GrantNotes.AMR);
            return new GrantFacts(clientSession.getNote(GrantNotes.PATIENT), clientSession.getNote(GrantNotes.ENCOUNTER),
                    acr(clientSession.getNote(Constants.LEVEL_OF_AUTHENTICATION)),
                    amr == null || amr.isBlank() ? List.of() : Arrays.asList(amr.trim().split(" ")));
        } catch (RuntimeException e) {
            return NONE; // the record is written without the grant's context rather than not at all
        }
    }

    private static String acr(String loa) {
        try {
            return loa == null ? null : AssuranceLevel.ofLoa(Integer.parseInt(loa)).map(AssuranceLevel::uri).orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
