package org.smartfhir.keycloak.lazyscope;

import java.util.List;

import org.smartfhir.keycloak.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProviderFactory;

/** Client-policy condition: the client is a SMART client, i.e. it declares a SMART scope ceiling. */
public final class SmartClientConditionFactory implements ClientPolicyConditionProviderFactory, StatelessProviderFactory<ClientPolicyConditionProvider> {

    public static final String PROVIDER_ID = "smart-client";
    public static final String ONLY_CLIENT_REGISTRATION = "only-client-registration";

    @Override
    public ClientPolicyConditionProvider create(KeycloakSession session) {
        return new SmartClientCondition(session);
    }


    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "The condition is satisfied when the client declares a SMART scope ceiling (client attribute "
                + "smart.scope.ceiling), so SMART hardening applies to SMART apps and backend services only.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(ONLY_CLIENT_REGISTRATION).label("Only when a client is created or updated")
                .helpText("If on, the condition is satisfied only while a SMART client is being created or updated, never "
                        + "for authorization or token requests. Use it for executors that check client metadata.")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false).add()
                .build();
    }
}
