package org.smartfhir.keycloak.launch.mapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenResponseMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.IDToken;
import org.smartfhir.keycloak.launch.SessionContext;
import org.smartfhir.keycloak.spi.LaunchContextMapperModel;

/**
 * Emits the launch context of the client session (SMART App Launch 2.2 §"Launch context arrives with your
 * access_token"): as top-level token-response fields for the app, and as access-token and introspection claims for
 * resource servers, which must enforce the patient compartment. Read from the client session on every token, so a
 * refresh carries the same context as the original grant.
 */
public final class LaunchContextMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCAccessTokenResponseMapper, TokenIntrospectionTokenMapper {

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, LaunchContextMapper.class);
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mapping, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        context(userSession, clientSessionCtx).forEach(token.getOtherClaims()::put);
    }

    @Override
    protected void setClaim(AccessTokenResponse response, ProtocolMapperModel mapping, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        context(userSession, clientSessionCtx).forEach(response::setOtherClaims);
    }

    private static Map<String, Object> context(UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        AuthenticatedClientSessionModel clientSession = clientSessionCtx == null ? null : clientSessionCtx.getClientSession();
        return SessionContext.of(clientSession, userSession).parameters();
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "SMART launch context";
    }

    @Override
    public String getHelpText() {
        return "Adds the SMART launch context (patient, encounter, fhirContext, need_patient_banner, smart_style_url, "
                + "intent, tenant) chosen at login to the token response, the access token and introspection. The pack "
                + "attaches it to the launch scopes it creates.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public String getId() {
        return LaunchContextMapperModel.PROVIDER_ID;
    }
}
