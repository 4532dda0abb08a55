package org.smartfhir.keycloak.lazyscope;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.smartfhir.keycloak.fhiruser.FhirUserMapper;
import org.smartfhir.keycloak.scope.GrantContext;
import org.smartfhir.keycloak.scope.ParsedScope;
import org.smartfhir.keycloak.scope.ScopeCeiling;
import org.smartfhir.keycloak.scope.ScopeDecision;
import org.smartfhir.keycloak.scope.ScopeDescriptions;
import org.smartfhir.keycloak.scope.ScopeParser;
import org.smartfhir.keycloak.scope.ScopePolicy;
import org.smartfhir.keycloak.scope.SmartScope;
import org.smartfhir.keycloak.spi.LaunchContextMapperModel;

/**
 * Makes the SMART resource scopes a request asks for, within the client's ceiling, exist as exact-name client scopes
 * linked to the client as optional, before Keycloak checks the request's scopes. Keycloak's own machinery then grants,
 * echoes, refreshes and introspects them; anything not materialized here is refused by Keycloak with
 * {@code invalid_scope}, so this class can only ever make a request succeed that the ceiling allows.
 *
 * <p>Creation runs in its own transaction so that concurrent first requests for the same new scope do not fail the
 * user's request with a duplicate-key error; a duplicate from a concurrent creator is retried (it then finds the
 * scope). Requests for already-linked scopes cause no database write at all.
 */
public final class ClientScopeMaterializer {

    private static final Logger LOG = Logger.getLogger(ClientScopeMaterializer.class);

    /** Marks client scopes this pack created, so the per-client cap counts only those. */
    static final String LAZY_ATTRIBUTE = "smart.lazy";
    /** Realm attribute: how many lazily created scopes one client may hold; beyond it new ones are refused. */
    static final String MAX_PER_CLIENT_ATTRIBUTE = "smart.scope.max.lazy.per.client";
    static final int DEFAULT_MAX_PER_CLIENT = 200;
    private static final int ATTEMPTS = 3;
    private static final int VISIBILITY_CHECKS = 5;

    private static final Set<SmartScope.Kind> LAUNCH_KINDS =
            java.util.EnumSet.of(SmartScope.Kind.LAUNCH, SmartScope.Kind.LAUNCH_PATIENT, SmartScope.Kind.LAUNCH_ENCOUNTER);

    private final KeycloakSession session;

    public ClientScopeMaterializer(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Decides the request against the client's current ceiling (none declared: no SMART resource scope at all) and,
     * unless it is refused, makes the allowed scopes grantable. Callers must refuse a rejected decision: a scope linked
     * earlier (before the ceiling was narrowed, or for another grant type) would otherwise still be granted.
     */
    public ScopeDecision materialize(RealmModel realm, ClientModel client, String scopeParameter, GrantContext grant) {
        ScopeDecision decision = decide(client, scopeParameter, grant);
        if (realm == null || client == null || decision.rejected()) {
            return decision;
        }
        Set<String> linked = linkedScopeNames(client);
        List<String> wanted = new java.util.ArrayList<>(decision.resourceScopes());
        boolean launchContext = LaunchContextMapperModel.installed(session.getKeycloakSessionFactory());
        decision.namedScopes().stream()
                // Launch scopes without the launch-context jar would be granted hollow: leave them to invalid_scope.
                .filter(kind -> launchContext || !LAUNCH_KINDS.contains(kind))
                .forEach(kind -> wanted.add(kind.scope()));
        List<String> missing = wanted.stream().filter(s -> !linked.contains(s)).toList();
        if (missing.isEmpty()) {
            return decision;
        }
        String realmId = realm.getId();
        String clientUuid = client.getId();
        int max = maxPerClient(realm);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(),
                        inner -> link(inner, realmId, clientUuid, missing, max));
                awaitVisible(client, missing);
                return decision;
            } catch (ModelDuplicateException e) {
                LOG.debugf("client %s: concurrent creation of a SMART scope, attempt %d", client.getClientId(), attempt);
            } catch (RuntimeException e) {
                // Never a 500 from here: the scopes stay ungranted and Keycloak answers invalid_scope.
                LOG.warnf("client %s: could not materialize SMART scopes (%s)", client.getClientId(), e.getClass().getName());
                return decision;
            }
        }
        LOG.warnf("client %s: could not materialize SMART scopes after %d attempts", client.getClientId(), ATTEMPTS);
        return decision;
    }

    /**
     * When a concurrent request linked the scope first, its database commit can precede its cache invalidation by a
     * moment, and this request's view of the client (which Keycloak's own scope check reads next) would still miss
     * the scope: seen as one {@code invalid_scope} among twenty concurrent first requests. Re-reading the client's
     * scopes a few times, briefly, closes that window; the wait only ever happens on that race.
     */
    private static void awaitVisible(ClientModel client, List<String> names) {
        for (int attempt = 1; attempt <= VISIBILITY_CHECKS; attempt++) {
            if (linkedScopeNames(client).containsAll(names)) {
                return;
            }
            LOG.debugf("client %s: linked SMART scopes not visible yet, check %d", client.getClientId(), attempt);
            try {
                Thread.sleep(20L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The decision alone, without creating anything. */
    public static ScopeDecision decide(ClientModel client, String scopeParameter, GrantContext grant) {
        String ceiling = client == null ? null : client.getAttribute(ScopeCeiling.CLIENT_ATTRIBUTE);
        return ScopePolicy.decide(scopeParameter, ScopeCeiling.parse(ceiling), grant);
    }

    private static void link(KeycloakSession inner, String realmId, String clientUuid, List<String> names, int max) {
        RealmModel realm = inner.realms().getRealm(realmId);
        ClientModel client = realm == null ? null : realm.getClientById(clientUuid);
        if (client == null) {
            return; // deleted meanwhile
        }
        inner.getContext().setRealm(realm);
        Map<String, ClientScopeModel> optional = client.getClientScopes(false);
        Map<String, ClientScopeModel> defaults = client.getClientScopes(true);
        long lazy = optional.values().stream().filter(s -> "true".equals(s.getAttribute(LAZY_ATTRIBUTE))).count();
        for (String name : names) {
            if (optional.containsKey(name) || defaults.containsKey(name)) {
                continue;
            }
            if (lazy >= max) {
                LOG.warnf("client %s holds %d lazily created SMART scopes (realm attribute %s); refusing more",
                        client.getClientId(), lazy, MAX_PER_CLIENT_ATTRIBUTE);
                return;
            }
            ClientScopeModel scope = KeycloakModelUtils.getClientScopeByName(realm, name);
            if (scope == null) {
                scope = create(realm, name);
            } else {
                ensureLaunchMapper(scope);
            }
            client.addClientScope(scope, false);
            lazy++;
        }
    }

    private static ClientScopeModel create(RealmModel realm, String name) {
        ClientScopeModel scope = realm.addClientScope(name);
        scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        scope.setDescription("SMART scope, created on first use within a client's SMART scope ceiling");
        scope.setAttribute(ClientScopeModel.INCLUDE_IN_TOKEN_SCOPE, "true");
        scope.setAttribute(ClientScopeModel.DISPLAY_ON_CONSENT_SCREEN, "true");
        scope.setAttribute("include.in.openid.provider.metadata", "false");
        scope.setAttribute(LAZY_ATTRIBUTE, "true");
        ParsedScope parsed = ScopeParser.parse(name);
        if (parsed instanceof ParsedScope.Smart smart && smart.scope() instanceof SmartScope.Resource r) {
            scope.setAttribute(ClientScopeModel.CONSENT_SCREEN_TEXT, ScopeDescriptions.describe(r));
        } else if (parsed instanceof ParsedScope.Smart smart && smart.scope() instanceof SmartScope.Named n) {
            switch (n.kind()) {
                case FHIR_USER -> {
                    scope.setAttribute(ClientScopeModel.CONSENT_SCREEN_TEXT, "Know which FHIR record represents you");
                    scope.addProtocolMapper(FhirUserMapper.model());
                }
                case LAUNCH -> launchScope(scope, "Open in the context of your current EHR session");
                case LAUNCH_PATIENT -> launchScope(scope, "Know which patient you chose");
                case LAUNCH_ENCOUNTER -> launchScope(scope, "Know which encounter you chose");
                case ONLINE_ACCESS -> scope.setAttribute(ClientScopeModel.CONSENT_SCREEN_TEXT,
                        "Stay connected while you are signed in");
                default -> { }
            }
        }
        return scope;
    }

    /**
     * A launch scope someone created by hand, without the context mapper, would be granted hollow (no patient in the
     * token): give it the mapper before linking it.
     */
    private static void ensureLaunchMapper(ClientScopeModel scope) {
        boolean launch = ScopeParser.parse(scope.getName()) instanceof ParsedScope.Smart smart
                && smart.scope() instanceof SmartScope.Named n && LAUNCH_KINDS.contains(n.kind());
        if (launch && scope.getProtocolMappersStream()
                .noneMatch(m -> LaunchContextMapperModel.PROVIDER_ID.equals(m.getProtocolMapper()))) {
            scope.addProtocolMapper(LaunchContextMapperModel.model());
        }
    }

    private static void launchScope(ClientScopeModel scope, String consentText) {
        scope.setAttribute(ClientScopeModel.CONSENT_SCREEN_TEXT, consentText);
        scope.addProtocolMapper(LaunchContextMapperModel.model());
    }

    private static Set<String> linkedScopeNames(ClientModel client) {
        Set<String> names = new HashSet<>(client.getClientScopes(false).keySet());
        names.addAll(client.getClientScopes(true).keySet());
        return names;
    }

    private static int maxPerClient(RealmModel realm) {
        String value = realm.getAttribute(MAX_PER_CLIENT_ATTRIBUTE);
        try {
            return value == null || value.isBlank() ? DEFAULT_MAX_PER_CLIENT : Math.max(0, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return 0; // fail closed: a garbled limit allows no new scopes
        }
    }
}
