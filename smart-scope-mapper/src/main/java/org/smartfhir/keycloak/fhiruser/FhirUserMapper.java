package org.smartfhir.keycloak.fhiruser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.IDToken;

/**
 * Puts the user's {@code fhirUser} reference (from a user attribute the admin sets, never the user) into the id_token,
 * userinfo, access token and introspection. Values that are not valid fhirUser references are withheld.
 */
public final class FhirUserMapper extends AbstractOIDCProtocolMapper
        implements OIDCIDTokenMapper, UserInfoTokenMapper, OIDCAccessTokenMapper, TokenIntrospectionTokenMapper {

    private static final Logger LOG = Logger.getLogger(FhirUserMapper.class);

    public static final String PROVIDER_ID = "smart-fhir-user-mapper";
    public static final String CLAIM = "fhirUser";
    public static final String USER_ATTRIBUTE = "user.attribute";
    static final String DEFAULT_USER_ATTRIBUTE = "fhirUser";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>(ProviderConfigurationBuilder.create()
            .property().name(USER_ATTRIBUTE).label("User attribute")
            .helpText("User attribute holding the reference, e.g. Patient/123 or https://ehr.example.org/fhir/Practitioner/9. "
                    + "Declare it in the user profile as editable by admins only.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_USER_ATTRIBUTE).add()
            .build());

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, FhirUserMapper.class);
    }

    /** The mapper as the pack attaches it to the {@code fhirUser} client scope. */
    public static ProtocolMapperModel model() {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setName("fhirUser");
        model.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        model.setProtocolMapper(PROVIDER_ID);
        model.setConfig(Map.of(USER_ATTRIBUTE, DEFAULT_USER_ATTRIBUTE,
                OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true"));
        return model;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mapping, UserSessionModel userSession, KeycloakSession session,
                            ClientSessionContext clientSessionCtx) {
        if (userSession == null || userSession.getUser() == null) {
            return;
        }
        String attribute = mapping.getConfig().getOrDefault(USER_ATTRIBUTE, DEFAULT_USER_ATTRIBUTE);
        String value = userSession.getUser().getFirstAttribute(attribute);
        FhirUserReference.validate(value).ifPresentOrElse(
                reference -> token.getOtherClaims().put(CLAIM, reference),
                () -> {
                    if (value != null) {
                        LOG.debugf("user %s: attribute %s is not a valid fhirUser reference; claim withheld",
                                userSession.getUser().getId(), attribute);
                    }
                });
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "SMART fhirUser";
    }

    @Override
    public String getHelpText() {
        return "Adds the SMART fhirUser claim from a user attribute, only if it references a Patient, Practitioner, "
                + "RelatedPerson or Person (relative or absolute).";
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
