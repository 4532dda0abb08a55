package org.smartfhir.keycloak.userceiling;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.smartfhir.keycloak.spi.SmartFlowStepFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Browser-flow step that narrows the requested SMART scopes to what the signed-in user may grant. Place it after the
 * user is known (as the last REQUIRED step of the top-level browser flow, so cookie SSO passes through it too).
 */
public final class UserScopeCeilingAuthenticatorFactory extends SmartFlowStepFactory {

    public static final String PROVIDER_ID = "smart-user-scope-ceiling";
    public static final String PATIENT_ROLE = "patient.role";
    public static final String ROLE_CEILINGS = "role.ceilings";
    static final String DEFAULT_PATIENT_ROLE = "smart-patient";
    static final String DEFAULT_ROLE_CEILINGS = "smart-clinician: patient/*.cruds user/*.cruds";

    @Override
    public Authenticator create(KeycloakSession session) {
        return new UserScopeCeilingAuthenticator();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMART user scope ceiling";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public String getHelpText() {
        return "Removes from the request the SMART resource scopes the signed-in user may not grant: patients (the patient "
                + "role) only patient/ scopes; other users the scopes their realm roles map to; everyone else none. Must "
                + "run after the user is identified.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(PATIENT_ROLE).label("Patient role")
                .helpText("Realm role of patient users. They may grant patient/ scopes only.")
                .type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_PATIENT_ROLE).add()
                .property().name(ROLE_CEILINGS).label("Scopes per role")
                .helpText("One line per realm role: 'role: pattern pattern ...', SMART v1 or v2 patterns, e.g. "
                        + "'smart-clinician: patient/*.cruds user/*.cruds'. Users without a listed role grant no resource scope.")
                .type(ProviderConfigProperty.TEXT_TYPE).defaultValue(DEFAULT_ROLE_CEILINGS).add()
                .build();
    }

}
