package org.smartfhir.keycloak.discovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.authentication.authenticators.client.JWTClientAuthenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.provider.Provider;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.wellknown.WellKnownProvider;
import org.smartfhir.keycloak.clientauth.SmartJwtClientAuthenticator;
import org.smartfhir.keycloak.lazyscope.LazyScopeExecutorFactory;
import org.smartfhir.keycloak.lifecycle.RefreshReuseExecutorFactory;
import org.smartfhir.keycloak.lifecycle.RefreshScopeExecutorFactory;
import org.smartfhir.keycloak.scope.ScopeCeiling;
import org.smartfhir.keycloak.spi.LaunchContextMapperModel;

/**
 * Adapts Keycloak's realm state to {@link SmartConfiguration}. It asks Keycloak's own OIDC well-known provider
 * for the realm metadata (same hostname, proxy and realm settings) instead of rebuilding URLs itself.
 */
final class SmartConfigurationProvider implements WellKnownProvider {

    /**
     * Realm attribute: space-separated SMART capability strings the admin does not want advertised, e.g. while a
     * feature is being rolled out. It can only remove capabilities.
     */
    static final String WITHHELD_CAPABILITIES_ATTRIBUTE = "smart.capabilities.withheld";

    /** Provider ids of the launch-context jar; referenced by id so that this jar works without it. */
    static final String EHR_LAUNCH_API = "smart-launch";
    static final String INTROSPECTION_API = "smart-introspect";
    static final String EHR_LAUNCHER_ROLE = "smart-ehr-launcher";
    static final String EHR_LAUNCH_STEP = "smart-ehr-launch";
    static final String PATIENT_PICKER_STEP = "smart-patient-picker";
    static final String PATIENT_CONTEXT_EXECUTOR = "smart-patient-context";

    private final KeycloakSession session;

    SmartConfigurationProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getConfig() {
        RealmModel realm = session.getContext().getRealm();
        WellKnownProvider oidcProvider = session.getProvider(WellKnownProvider.class, OIDCWellKnownProviderFactory.PROVIDER_ID);
        OIDCConfigurationRepresentation oidc = (OIDCConfigurationRepresentation) oidcProvider.getConfig();
        OidcMetadata metadata = new OidcMetadata(
                oidc.getIssuer(),
                oidc.getAuthorizationEndpoint(),
                oidc.getTokenEndpoint(),
                oidc.getJwksUri(),
                introspectionEndpoint(oidc),
                oidc.getRevocationEndpoint(),
                oidc.getGrantTypesSupported(),
                oidc.getResponseTypesSupported(),
                oidc.getTokenEndpointAuthMethodsSupported(),
                oidc.getTokenEndpointAuthSigningAlgValuesSupported(),
                oidc.getCodeChallengeMethodsSupported());
        return SmartConfiguration.describe(metadata, availableCapabilities(realm), withheld(realm), managementEndpoint(realm, oidc),
                ceilings(realm));
    }

    /**
     * Capabilities whose implementation exists in this installation and is wired into this realm. Later modules add
     * theirs here, each guarded by such a check.
     */
    private Set<SmartCapability> availableCapabilities(RealmModel realm) {
        // Keycloak itself: public clients with PKCE, client_secret_basic, authorization requests by form POST.
        Set<SmartCapability> available = EnumSet.of(SmartCapability.CLIENT_PUBLIC,
                SmartCapability.CLIENT_CONFIDENTIAL_SYMMETRIC, SmartCapability.AUTHORIZE_POST);
        if (session.getKeycloakSessionFactory().getProviderFactory(ClientAuthenticator.class, JWTClientAuthenticator.PROVIDER_ID)
                instanceof SmartJwtClientAuthenticator) {
            // private_key_jwt with SMART's assertion rules (RS384/ES384 still have to be in Keycloak's metadata).
            available.add(SmartCapability.CLIENT_CONFIDENTIAL_ASYMMETRIC);
        }
        Predicate<String> executorActive = activeExecutors(realm);
        if (!executorActive.test(LazyScopeExecutorFactory.PROVIDER_ID)) {
            return available;
        }
        // SMART v1 and v2 resource scopes, user-level. The same executor provides the fhirUser scope with its validated
        // claim: SMART's OpenID Connect profile.
        available.addAll(EnumSet.of(SmartCapability.PERMISSION_V1, SmartCapability.PERMISSION_V2,
                SmartCapability.PERMISSION_USER, SmartCapability.SSO_OPENID_CONNECT));
        // Refresh as SMART defines it: online_access provided by the lazy scopes, rotation with reuse revoking the
        // grant, and a refresh that can only narrow. Offline grants also need Keycloak's offline_access scope.
        if (realm.isRevokeRefreshToken() && executorActive.test(RefreshReuseExecutorFactory.PROVIDER_ID)
                && executorActive.test(RefreshScopeExecutorFactory.PROVIDER_ID)) {
            available.add(SmartCapability.PERMISSION_ONLINE);
            if (KeycloakModelUtils.getClientScopeByName(realm, OAuth2Constants.OFFLINE_ACCESS) != null) {
                available.add(SmartCapability.PERMISSION_OFFLINE);
            }
        }
        if (!LaunchContextMapperModel.installed(session.getKeycloakSessionFactory())) {
            return available; // launch scopes are only provided with their context mapper
        }
        // Without the launcher role no EHR can mint a launch.
        boolean ehr = installed(RealmResourceProvider.class, EHR_LAUNCH_API) && inBrowserFlow(realm, EHR_LAUNCH_STEP)
                && realm.getRole(EHR_LAUNCHER_ROLE) != null;
        // The picker chooses the patient; the token-endpoint executor guarantees one whenever a patient/ scope is granted.
        boolean standalone = inBrowserFlow(realm, PATIENT_PICKER_STEP) && executorActive.test(PATIENT_CONTEXT_EXECUTOR);
        if (ehr) {
            available.addAll(EnumSet.of(SmartCapability.LAUNCH_EHR, SmartCapability.CONTEXT_EHR_PATIENT,
                    SmartCapability.CONTEXT_EHR_ENCOUNTER, SmartCapability.CONTEXT_BANNER, SmartCapability.CONTEXT_STYLE));
        }
        if (standalone) {
            available.addAll(EnumSet.of(SmartCapability.LAUNCH_STANDALONE, SmartCapability.CONTEXT_STANDALONE_PATIENT,
                    SmartCapability.CONTEXT_STANDALONE_ENCOUNTER, SmartCapability.PERMISSION_PATIENT));
        }
        return available;
    }

    /**
     * The pack's introspection endpoint where installed: it accepts a resource server's bearer token and introspects
     * any app's token (requirement G27), which Keycloak's own endpoint does not.
     */
    private String introspectionEndpoint(OIDCConfigurationRepresentation oidc) {
        return installed(RealmResourceProvider.class, INTROSPECTION_API) ? oidc.getIssuer() + "/" + INTROSPECTION_API
                : oidc.getIntrospectionEndpoint();
    }

    private boolean installed(Class<? extends Provider> spi, String id) {
        return session.getKeycloakSessionFactory().getProviderFactory(spi, id) != null;
    }

    /** Whether the realm's browser flow runs {@code authenticatorId} (REQUIRED, in any enabled sub-flow). */
    private static boolean inBrowserFlow(RealmModel realm, String authenticatorId) {
        AuthenticationFlowModel flow = realm.getBrowserFlow();
        return flow != null && runs(realm, flow.getId(), authenticatorId, 0);
    }

    private static boolean runs(RealmModel realm, String flowId, String authenticatorId, int depth) {
        if (depth > 10) {
            return false;
        }
        return realm.getAuthenticationExecutionsStream(flowId).anyMatch(e -> {
            if (e.getRequirement() == AuthenticationExecutionModel.Requirement.DISABLED) {
                return false;
            }
            if (e.isAuthenticatorFlow()) {
                return e.getRequirement() == AuthenticationExecutionModel.Requirement.REQUIRED
                        && runs(realm, e.getFlowId(), authenticatorId, depth + 1);
            }
            return authenticatorId.equals(e.getAuthenticator())
                    && e.getRequirement() == AuthenticationExecutionModel.Requirement.REQUIRED;
        });
    }

    /**
     * Which executors the realm's enabled client policies apply, read once per discovery request. Fail closed: if the
     * realm's client policies cannot be read, the capabilities they back are not advertised.
     */
    private Predicate<String> activeExecutors(RealmModel realm) {
        try {
            List<PolicyWiring.Policy> policies = new ArrayList<>();
            for (ClientPolicyRepresentation p : nonNull(session.clientPolicy().getClientPolicies(realm, true).getPolicies())) {
                policies.add(new PolicyWiring.Policy(p.getName(), Boolean.TRUE.equals(p.isEnabled()), p.getProfiles()));
            }
            Map<String, List<String>> executors = new HashMap<>();
            ClientProfilesRepresentation profiles = session.clientPolicy().getClientProfiles(realm, true);
            for (List<ClientProfileRepresentation> list : Arrays.asList(profiles.getProfiles(), profiles.getGlobalProfiles())) {
                for (ClientProfileRepresentation profile : nonNull(list)) {
                    executors.put(profile.getName(), nonNull(profile.getExecutors()).stream()
                            .map(ClientPolicyExecutorRepresentation::getExecutorProviderId).toList());
                }
            }
            return executorId -> PolicyWiring.executorActive(policies, executors, executorId);
        } catch (ClientPolicyException | RuntimeException e) {
            return executorId -> false;
        }
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** The scope ceilings of the realm's SMART clients: what they can ask for is what {@code scopes_supported} lists. */
    private static List<String> ceilings(RealmModel realm) {
        return realm.getClientsStream().map(c -> c.getAttribute(ScopeCeiling.CLIENT_ATTRIBUTE))
                .filter(ScopeCeiling::declared).toList();
    }

    private static List<String> withheld(RealmModel realm) {
        String value = realm.getAttribute(WITHHELD_CAPABILITIES_ATTRIBUTE);
        return value == null ? List.of() : Arrays.asList(value.trim().split("\\s+"));
    }

    /** The account console's applications page lets a user see and revoke the apps holding consent or offline tokens. */
    private static String managementEndpoint(RealmModel realm, OIDCConfigurationRepresentation oidc) {
        ClientModel account = realm.getClientByClientId(Constants.ACCOUNT_CONSOLE_CLIENT_ID);
        if (account == null || !account.isEnabled()) {
            return null;
        }
        return oidc.getIssuer() + "/account/applications";
    }

    @Override
    public void close() {
    }
}
