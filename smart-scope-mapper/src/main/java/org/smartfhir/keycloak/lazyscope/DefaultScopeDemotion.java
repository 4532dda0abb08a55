package org.smartfhir.keycloak.lazyscope;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.smartfhir.keycloak.scope.ScopeCeiling;
import org.smartfhir.keycloak.scope.SignInScopes;

/**
 * Makes a SMART client's surplus <em>default</em> client scopes optional before Keycloak computes a grant, so the app
 * receives only what it requested (and the user consented to). Keycloak adds every default scope of a client to every
 * grant — at the authorization endpoint, at the code exchange and at each refresh, reading the client's current
 * defaults each time — and a client created through the admin API or the console starts with the realm's defaults
 * ({@code profile email roles web-origins acr basic}). Which defaults stay is {@link SignInScopes}.
 *
 * <p>The change is made in its own transaction, like {@link ClientScopeMaterializer}'s links, and once per client: a
 * client already in shape costs no write. Callers refuse the request when {@link #demote} reports scopes that are
 * still default (the write failed): fail closed, never a grant with unrequested claims.
 */
final class DefaultScopeDemotion {

    private static final Logger LOG = Logger.getLogger(DefaultScopeDemotion.class);
    private static final int ATTEMPTS = 3;
    private static final int VISIBILITY_CHECKS = 5;

    private final KeycloakSession session;

    DefaultScopeDemotion(KeycloakSession session) {
        this.session = session;
    }

    /** The default scopes of a SMART client that it must not hold as defaults; none for a client without a ceiling. */
    static List<String> surplus(ClientModel client) {
        if (client == null || !ScopeCeiling.declared(client.getAttribute(ScopeCeiling.CLIENT_ATTRIBUTE))) {
            return List.of();
        }
        return SignInScopes.surplusDefaults(client.getClientScopes(true).keySet());
    }

    /** Relinks the surplus defaults as optional; returns those still default afterwards (empty when done). */
    List<String> demote(RealmModel realm, ClientModel client) {
        List<String> surplus = surplus(client);
        if (surplus.isEmpty() || realm == null) {
            return surplus;
        }
        String realmId = realm.getId();
        String clientUuid = client.getId();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
                        inner -> relinkAsOptional(inner, realmId, clientUuid));
                LOG.infof("client %s: default client scopes %s are now optional (a SMART app gets only what it requests)",
                        client.getClientId(), surplus);
                return awaitDemoted(client);
            } catch (ModelDuplicateException e) {
                LOG.debugf("client %s: concurrent change of default scopes, attempt %d", client.getClientId(), attempt);
            } catch (RuntimeException e) {
                LOG.warnf("client %s: could not make default client scopes optional (%s)", client.getClientId(),
                        e.getClass().getName());
                return surplus(client);
            }
        }
        return surplus(client);
    }

    private static void relinkAsOptional(KeycloakSession inner, String realmId, String clientUuid) {
        RealmModel realm = inner.realms().getRealm(realmId);
        ClientModel client = realm == null ? null : realm.getClientById(clientUuid);
        if (client == null) {
            return; // deleted meanwhile
        }
        inner.getContext().setRealm(realm);
        var defaults = client.getClientScopes(true);
        for (String name : surplus(client)) {
            ClientScopeModel scope = defaults.get(name);
            if (scope != null) {
                client.removeClientScope(scope);
                client.addClientScope(scope, false);
            }
        }
    }

    /** As {@link ClientScopeMaterializer}: another transaction's commit may reach this request's view a moment later. */
    private static List<String> awaitDemoted(ClientModel client) {
        List<String> left = surplus(client);
        for (int attempt = 1; attempt <= VISIBILITY_CHECKS && !left.isEmpty(); attempt++) {
            try {
                Thread.sleep(20L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = surplus(client);
        }
        return left;
    }
}
