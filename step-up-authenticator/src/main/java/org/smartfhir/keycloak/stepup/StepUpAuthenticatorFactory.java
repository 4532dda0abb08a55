package org.smartfhir.keycloak.stepup;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.smartfhir.keycloak.scope.SensitiveScopes;
import org.smartfhir.keycloak.spi.SmartFlowStepFactory;

/** The browser-flow step that sets the assurance level an authorization request needs (see {@link StepUpAuthenticator}). */
public final class StepUpAuthenticatorFactory extends SmartFlowStepFactory {

    public static final String PROVIDER_ID = "smart-step-up";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new StepUpAuthenticator();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMART step-up level";
    }

    @Override
    public String getHelpText() {
        return "First step of the browser flow: requires the minimum assurance level for every sign-in and a higher "
                + "level when the request asks for sensitive SMART scopes (writes by default). Put it before the "
                + "cookie step; the level sub-flows (Condition - Level of authentication) then ask for what is missing.";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(StepUpPolicy.SCOPES).label("Sensitive SMART scopes").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(SensitiveScopes.ANY_WRITE)
                .helpText("Space-separated patterns <patient|user|system|*>/<Type|*>.<cruds letters>. A requested scope "
                        + "granting any listed permission on a matching context and type needs the step-up level. "
                        + "Default */*.cud: any write, v1 write and * included. An unreadable value makes every request need it.")
                .add()
                .property().name(StepUpPolicy.LEVEL).label("Step-up level").type(ProviderConfigProperty.LIST_TYPE)
                .options("aal2", "aal3").defaultValue("aal3")
                .helpText("The level sensitive scopes need. aal3: WebAuthn with user verification.")
                .add()
                .property().name(StepUpPolicy.MINIMUM).label("Minimum level").type(ProviderConfigProperty.LIST_TYPE)
                .options("aal1", "aal2", "aal3").defaultValue("aal2")
                .helpText("The level every sign-in needs. aal2: two factors.")
                .add()
                .build();
    }
}
