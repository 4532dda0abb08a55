package org.smartfhir.keycloak.stepup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.AcrProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * {@code acr} in the userinfo response (OpenID Connect Core §5.3.2: any claim of the id_token may be returned there),
 * next to {@code amr}. Keycloak's own acr mapper serves the tokens and introspection only, and its userinfo response
 * copies no {@code acr} field; this mapper adds the value Keycloak's mapper computes for the id_token, so the two agree.
 */
public final class AcrUserInfoMapper extends AbstractOIDCProtocolMapper implements UserInfoTokenMapper {

    public static final String PROVIDER_ID = "smart-acr-userinfo-mapper";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();
    private static final KeycloakAcr ACR = new KeycloakAcr();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, AcrUserInfoMapper.class);
    }

    /** The mapper as the pack attaches it to the {@code acr} client scope. */
    public static ProtocolMapperModel model() {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setName("smart acr in userinfo");
        model.setProtocol("openid-connect");
        model.setProtocolMapper(PROVIDER_ID);
        model.setConfig(new HashMap<>(Map.of(OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true")));
        return model;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mapping, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        AuthenticatedClientSessionModel clientSession = clientSessionCtx == null ? null : clientSessionCtx.getClientSession();
        if (clientSession != null) {
            token.getOtherClaims().put("acr", ACR.of(clientSession));
        }
    }

    /** Keycloak's acr computation (level reached, the client's acr-to-level map, the acr the request asked for). */
    private static final class KeycloakAcr extends AcrProtocolMapper {
        String of(AuthenticatedClientSessionModel clientSession) {
            return getAcr(clientSession);
        }
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "SMART acr in userinfo";
    }

    @Override
    public String getHelpText() {
        return "Adds acr to the userinfo response, with the value Keycloak's acr mapper puts in the id_token.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
