package org.smartfhir.keycloak.stepup;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Keycloak's {@code acr} client scope carries the {@code acr} claim; the pack adds its {@code amr} mapper to the same
 * scope, so every client that gets {@code acr} (the realm default for new clients) also gets {@code amr}. Added once,
 * in its own transaction; afterwards this costs one cached read per sign-in.
 */
final class AssuranceClaims {

    static final String ACR_SCOPE = "acr";

    private static final Logger LOG = Logger.getLogger(AssuranceClaims.class);

    private AssuranceClaims() {
    }

    static void ensureAmrMapper(KeycloakSession session, RealmModel realm) {
        ClientScopeModel scope = KeycloakModelUtils.getClientScopeByName(realm, ACR_SCOPE);
        if (scope == null || hasAmrMapper(scope)) {
            return;
        }
        String realmId = realm.getId();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), inner -> {
                RealmModel innerRealm = inner.realms().getRealm(realmId);
                ClientScopeModel innerScope = innerRealm == null ? null : KeycloakModelUtils.getClientScopeByName(innerRealm, ACR_SCOPE);
                if (innerScope != null && !hasAmrMapper(innerScope)) {
                    innerScope.addProtocolMapper(AmrMapper.model());
                }
            });
        } catch (ModelDuplicateException e) {
            LOG.debugf("realm %s: amr mapper added concurrently", realm.getName());
        } catch (RuntimeException e) {
            LOG.warnf("realm %s: could not add the amr mapper to the acr scope (%s)", realm.getName(), e.getClass().getName());
        }
    }

    private static boolean hasAmrMapper(ClientScopeModel scope) {
        return scope.getProtocolMappersStream().anyMatch(m -> AmrMapper.PROVIDER_ID.equals(m.getProtocolMapper()));
    }
}
