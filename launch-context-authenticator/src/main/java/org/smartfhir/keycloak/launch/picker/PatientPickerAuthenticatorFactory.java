package org.smartfhir.keycloak.launch.picker;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.smartfhir.keycloak.spi.SmartFlowStepFactory;

/** Browser-flow step for standalone launches: the patient and encounter picker. */
public final class PatientPickerAuthenticatorFactory extends SmartFlowStepFactory {

    public static final String PROVIDER_ID = "smart-patient-picker";

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(PickerSettings.FHIR_BASE_URL).label("FHIR base URL")
            .helpText("FHIR server that clinicians search for patients (Patient?name=) and encounters (Encounter?patient=). "
                    + "Keycloak calls it with a one-minute token of its own, signed with the realm key, audience this URL.")
            .type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(PickerSettings.SEARCH_ROLES).label("Roles that may search")
            .helpText("Realm roles whose holders may search all patients (comma-separated). Everyone else may only "
                    + "choose among the patients linked to their account.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(PickerSettings.DEFAULT_SEARCH_ROLES).add()
            .property().name(PickerSettings.PATIENT_ATTRIBUTE).label("Linked patients attribute")
            .helpText("User attribute holding the FHIR ids of the patients an account may launch apps for (e.g. a parent's "
                    + "children). A fhirUser of Patient/<id> counts as linked too. Declare it admin-editable only.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(PickerSettings.DEFAULT_PATIENT_ATTRIBUTE).add()
            .property().name(PickerSettings.PAGE_SIZE).label("Results per page")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(PickerSettings.DEFAULT_PAGE_SIZE)).add()
            .property().name(PickerSettings.TIMEOUT_SECONDS).label("FHIR timeout (seconds)")
            .helpText("How long a login waits for the FHIR server before showing an error page (1–30).")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(PickerSettings.DEFAULT_TIMEOUT_SECONDS)).add()
            .build();

    @Override
    public Authenticator create(KeycloakSession session) {
        return new PatientPickerAuthenticator();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "SMART patient picker";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public String getHelpText() {
        return "Chooses the patient (launch/patient) and encounter (launch/encounter) of a standalone SMART launch, and "
                + "refuses any patient/ scope left without a patient. Place it after the SMART EHR launch step.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }
}
