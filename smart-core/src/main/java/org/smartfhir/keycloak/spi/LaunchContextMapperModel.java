package org.smartfhir.keycloak.spi;

import java.util.Map;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapper;

/**
 * The contract between the jar that creates the SMART launch scopes ({@code launch}, {@code launch/patient},
 * {@code launch/encounter}) and the jar that implements launch context: the scopes carry this mapper, and are only
 * created where a mapper with this id is installed, so a launch scope is never granted without its context.
 */
public final class LaunchContextMapperModel {

    public static final String PROVIDER_ID = "smart-launch-context-mapper";

    private LaunchContextMapperModel() {
    }

    /** Whether the launch-context jar (which implements this mapper) is installed on this server. */
    public static boolean installed(KeycloakSessionFactory factory) {
        return factory.getProviderFactory(ProtocolMapper.class, PROVIDER_ID) != null;
    }

    /** Context into the token response (SMART's top-level fields), the access token and introspection. */
    public static ProtocolMapperModel model() {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setName("SMART launch context");
        model.setProtocol("openid-connect");
        model.setProtocolMapper(PROVIDER_ID);
        model.setConfig(Map.of("access.token.claim", "true",
                "access.tokenResponse.claim", "true",
                "introspection.token.claim", "true",
                "id.token.claim", "false",
                "userinfo.token.claim", "false"));
        return model;
    }
}
