package org.smartfhir.keycloak.launch.picker;

import java.util.UUID;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.Urls;
import org.keycloak.util.TokenUtil;

/**
 * The bearer token the picker shows the FHIR server: signed with the realm's key (the FHIR server verifies it with
 * the realm's JWKS like any token), valid for one minute, for that FHIR server only, and as narrow as the search:
 * a clinician's patient search is {@code user/Patient.rs} on behalf of that user (with their {@code fhirUser}, so the
 * FHIR server can apply the user's own access rules); an encounter list is {@code patient/Encounter.rs} for the one
 * chosen patient. No user session is created for it and Keycloak itself accepts it nowhere (its subject is no user).
 */
final class PickerToken {

    static final String SUBJECT = "smart-patient-picker";
    static final String ON_BEHALF_OF = "smart_on_behalf_of";
    private static final long LIFETIME_SECONDS = 60;

    private PickerToken() {
    }

    static String forPatientSearch(KeycloakSession session, RealmModel realm, String fhirBase, UserModel user) {
        AccessToken token = base(session, realm, fhirBase, "user/Patient.rs", user);
        String fhirUser = user.getFirstAttribute("fhirUser");
        if (fhirUser != null) {
            token.setOtherClaims("fhirUser", fhirUser);
        }
        return session.tokens().encode(token);
    }

    static String forEncounters(KeycloakSession session, RealmModel realm, String fhirBase, UserModel user, String patient) {
        AccessToken token = base(session, realm, fhirBase, "patient/Encounter.rs", user);
        token.setOtherClaims("patient", patient);
        return session.tokens().encode(token);
    }

    private static AccessToken base(KeycloakSession session, RealmModel realm, String fhirBase, String scope, UserModel user) {
        long now = Time.currentTime(); // the clock Keycloak validates tokens with
        AccessToken token = new AccessToken();
        token.id(UUID.randomUUID().toString());
        token.issuer(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        token.type(TokenUtil.TOKEN_TYPE_BEARER);
        token.subject(SUBJECT);
        token.issuedFor(SUBJECT);
        token.audience(fhirBase);
        token.setScope(scope);
        token.iat(now);
        token.exp(now + LIFETIME_SECONDS);
        token.setOtherClaims(ON_BEHALF_OF, user.getId());
        return token;
    }
}
