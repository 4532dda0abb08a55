package org.smartfhir.keycloak.launch.picker;

import java.util.UUID;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.Urls;
import org.keycloak.util.TokenUtil;

/**
 * The bearer token the picker shows the FHIR server: signed with the realm's key (the FHIR server verifies it with
 * the realm's JWKS like any token), valid for one minute, for exactly one kind of search ({@code system/Patient.rs} or
 * {@code system/Encounter.rs}), for that FHIR server only, and naming the user it searches for. No user session is
 * created for it and Keycloak itself accepts it nowhere (its subject is no user).
 */
final class PickerToken {

    static final String SUBJECT = "smart-patient-picker";
    static final String ON_BEHALF_OF = "smart_on_behalf_of";
    private static final long LIFETIME_SECONDS = 60;

    private PickerToken() {
    }

    static String mint(KeycloakSession session, RealmModel realm, String fhirBase, String scope, String userId) {
        long now = System.currentTimeMillis() / 1000;
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
        token.setOtherClaims(ON_BEHALF_OF, userId);
        return session.tokens().encode(token);
    }
}
