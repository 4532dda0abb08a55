package org.smartfhir.keycloak.launch.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LaunchContextDefaultsTest {

    private static final String REALM_STYLE = "https://idp.example.org/realms/smart/smart-style";

    @Test
    void aPatientLaunchGetsABannerAndTheRealmsStyleUnlessTheLauncherChose() {
        LaunchContext patient = LaunchContext.EMPTY.withPatient("p1");
        assertEquals(Map.of("patient", "p1", "need_patient_banner", true, "smart_style_url", REALM_STYLE),
                patient.withDefaults(REALM_STYLE).parameters());
        LaunchContext chosen = new LaunchContext("p1", null, List.of(), false, "https://ehr.example.org/style.json", null, null);
        assertEquals(chosen, chosen.withDefaults(REALM_STYLE), "an EHR that shows its own banner says so");
    }

    @Test
    void noPatientNoBannerClaim() {
        Map<String, Object> parameters = LaunchContext.EMPTY.withDefaults(REALM_STYLE).parameters();
        assertFalse(parameters.containsKey("need_patient_banner"));
        assertEquals(REALM_STYLE, parameters.get("smart_style_url"));
    }
}
