package org.smartfhir.keycloak.stepup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;
import org.smartfhir.keycloak.assurance.AuthenticationMethods;
import org.smartfhir.keycloak.spi.GrantNotes;

/**
 * RFC 8176 {@code amr}: how the user signed in, derived from the credential types the sign-in used (recorded by
 * {@link AssuranceLevelAuthenticator}; see {@link AuthenticationMethods}). The values are fixed when the app's code is exchanged and kept in the app's client
 * session, so a refresh reports the sign-in the grant was issued on, not a later step-up the same browser session made
 * for another app.
 */
public final class AmrMapper extends AbstractOIDCProtocolMapper
        implements OIDCIDTokenMapper, OIDCAccessTokenMapper, TokenIntrospectionTokenMapper, UserInfoTokenMapper {

    public static final String PROVIDER_ID = "smart-amr-mapper";
    static final String AMR_NOTE = GrantNotes.AMR;

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, AmrMapper.class);
    }

    /** The mapper as the pack attaches it: id token, access token, introspection and userinfo. */
    public static ProtocolMapperModel model() {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setName("smart amr");
        model.setProtocol("openid-connect");
        model.setProtocolMapper(PROVIDER_ID);
        model.setConfig(new java.util.HashMap<>(Map.of(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true")));
        return model;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mapping, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        List<String> amr = amr(userSession, clientSessionCtx);
        if (!amr.isEmpty()) {
            token.getOtherClaims().put("amr", amr);
        }
    }

    private static List<String> amr(UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        AuthenticatedClientSessionModel clientSession = clientSessionCtx == null ? null : clientSessionCtx.getClientSession();
        boolean refresh = clientSessionCtx != null
                && "refresh_token".equals(clientSessionCtx.getAttribute(Constants.GRANT_TYPE, String.class));
        String kept = clientSession == null ? null : clientSession.getNote(AMR_NOTE);
        if (refresh && kept != null) {
            return kept.isEmpty() ? List.of() : Arrays.asList(kept.split(" "));
        }
        List<String> amr = AuthenticationMethods.amr(AssuranceLevelAuthenticator.split(userSession.getNote(AssuranceLevelAuthenticator.METHODS_NOTE)));
        if (clientSession != null && !refresh) {
            clientSession.setNote(AMR_NOTE, String.join(" ", amr));
        }
        return amr;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "SMART authentication methods (amr)";
    }

    @Override
    public String getHelpText() {
        return "RFC 8176 amr from the credentials the sign-in used: pwd, otp, hwk and user (WebAuthn with user "
                + "verification), mfa when factors were combined. Fixed at code exchange, unchanged on refresh.";
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
