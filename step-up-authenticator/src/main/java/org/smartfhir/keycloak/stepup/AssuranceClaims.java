package org.smartfhir.keycloak.stepup;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Keycloak's {@code acr} client scope carries the {@code acr} claim in the tokens; the pack adds its {@code amr}
 * mapper and its userinfo {@code acr} mapper to the same scope, so every client that gets {@code acr} (the realm
 * default for new clients) also gets {@code amr}, and both in userinfo too. Added once, in its own transaction;
 * afterwards this costs one cached read per sign-in.
 */
final class AssuranceClaims {

    static final String ACR_SCOPE = "acr";

    private static final Logger LOG = Logger.getLogger(AssuranceClaims.class);

    private AssuranceClaims() {
    }

    static void ensureMappers(KeycloakSession session, RealmModel realm) {
        ClientScopeModel scope = KeycloakModelUtils.getClientScopeByName(realm, ACR_SCOPE);
        if (scope == null || missing(scope).isEmpty()) {
            return;
        }
        String realmId = realm.getId();
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), inner -> {
                RealmModel innerRealm = inner.realms().getRealm(realmId);
                ClientScopeModel innerScope = innerRealm == null ? null : KeycloakModelUtils.getClientScopeByName(innerRealm, ACR_SCOPE);
                if (innerScope != null) {
                    missing(innerScope).forEach(innerScope::addProtocolMapper);
                }
            });
        } catch (ModelDuplicateException e) {
            LOG.debugf("realm %s: assurance mappers added concurrently", realm.getName());
        } catch (RuntimeException e) {
            LOG.warnf("realm %s: could not add the assurance mappers to the acr scope (%s)", realm.getName(), e.getClass().getName());
        }
    }

    private static List<ProtocolMapperModel> missing(ClientScopeModel scope) {
        Set<String> present = scope.getProtocolMappersStream().map(ProtocolMapperModel::getProtocolMapper).collect(Collectors.toSet());
        return Stream.of(AmrMapper.model(), AcrUserInfoMapper.model()).filter(m -> !present.contains(m.getProtocolMapper())).toList();
    }
}
