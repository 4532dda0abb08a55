package org.smartfhir.keycloak.discovery;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCWellKnownProviderFactory;
import org.keycloak.protocol.oidc.representations.OIDCConfigurationRepresentation;
import org.keycloak.wellknown.WellKnownProvider;

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
                oidc.getIntrospectionEndpoint(),
                oidc.getRevocationEndpoint(),
                oidc.getGrantTypesSupported(),
                oidc.getResponseTypesSupported(),
                oidc.getTokenEndpointAuthMethodsSupported(),
                oidc.getTokenEndpointAuthSigningAlgValuesSupported(),
                oidc.getCodeChallengeMethodsSupported(),
                oidc.getScopesSupported());
        return SmartConfiguration.describe(metadata, availableCapabilities(), withheld(realm), managementEndpoint(realm, oidc));
    }

    /**
     * Capabilities whose implementation exists in this installation. Later modules add theirs here, each guarded by
     * a check that its provider is installed and wired into the realm.
     */
    private Set<SmartCapability> availableCapabilities() {
        return EnumSet.of(SmartCapability.CLIENT_PUBLIC, SmartCapability.CLIENT_CONFIDENTIAL_SYMMETRIC);
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
