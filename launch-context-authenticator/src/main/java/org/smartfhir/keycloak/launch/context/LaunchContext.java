package org.smartfhir.keycloak.launch.context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The SMART launch context parameters of SMART App Launch 2.2 §"Launch context arrives with your access_token"
 * (requirement D20), already validated. Only the parameters that are set appear in {@link #parameters()}, which is
 * exactly what goes into the token response, the access token and introspection: an app must never see a
 * {@code "patient": null} it could mistake for "no restriction".
 */
public record LaunchContext(String patient, String encounter, List<Map<String, Object>> fhirContext,
                            Boolean needPatientBanner, String smartStyleUrl, String intent, String tenant) {

    public static final String PATIENT = "patient";
    public static final String ENCOUNTER = "encounter";
    public static final String FHIR_CONTEXT = "fhirContext";
    public static final String NEED_PATIENT_BANNER = "need_patient_banner";
    public static final String SMART_STYLE_URL = "smart_style_url";
    public static final String INTENT = "intent";
    public static final String TENANT = "tenant";

    /** Every context parameter name, in the order they are emitted. */
    public static final List<String> PARAMETERS =
            List.of(PATIENT, ENCOUNTER, FHIR_CONTEXT, NEED_PATIENT_BANNER, SMART_STYLE_URL, INTENT, TENANT);

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final LaunchContext EMPTY = new LaunchContext(null, null, List.of(), null, null, null, null);

    public LaunchContext {
        fhirContext = fhirContext == null ? List.of() : List.copyOf(fhirContext);
    }

    public LaunchContext withPatient(String patientId) {
        return new LaunchContext(patientId, encounter, fhirContext, needPatientBanner, smartStyleUrl, intent, tenant);
    }

    public LaunchContext withEncounter(String encounterId) {
        return new LaunchContext(patient, encounterId, fhirContext, needPatientBanner, smartStyleUrl, intent, tenant);
    }

    /**
     * The context as the app receives it: a server that advertises {@code context-banner} and {@code context-style}
     * answers both on every launch (the certification's EHR launch checks both in the token response). Whoever
     * launched may set them; otherwise a patient in context means the app shows its banner (the safe side: the
     * clinician sees whose record is open), and the style is the realm's own document.
     */
    public LaunchContext withDefaults(String realmStyleUrl) {
        Boolean banner = needPatientBanner == null && patient != null ? Boolean.TRUE : needPatientBanner;
        String style = smartStyleUrl == null ? realmStyleUrl : smartStyleUrl;
        return new LaunchContext(patient, encounter, fhirContext, banner, style, intent, tenant);
    }

    /** The parameters that are set, with their JSON types (strings, a boolean, an array of objects). */
    public Map<String, Object> parameters() {
        Map<String, Object> out = new LinkedHashMap<>();
        putIfSet(out, PATIENT, patient);
        putIfSet(out, ENCOUNTER, encounter);
        if (!fhirContext.isEmpty()) {
            out.put(FHIR_CONTEXT, fhirContext);
        }
        putIfSet(out, NEED_PATIENT_BANNER, needPatientBanner);
        putIfSet(out, SMART_STYLE_URL, smartStyleUrl);
        putIfSet(out, INTENT, intent);
        putIfSet(out, TENANT, tenant);
        return out;
    }

    public boolean isEmpty() {
        return parameters().isEmpty();
    }

    /** One string, for Keycloak's string-valued stores (single-use objects, session notes). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(parameters());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("launch context not serializable", e);
        }
    }

    /**
     * Reads what {@link #toJson()} wrote. The stored form was validated on the way in, so anything unreadable here
     * means tampering or a bug: it yields no context, never a partial one.
     */
    @SuppressWarnings("unchecked")
    public static Optional<LaunchContext> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            Map<String, Object> map = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
            Object fhirContext = map.get(FHIR_CONTEXT);
            Object banner = map.get(NEED_PATIENT_BANNER);
            return Optional.of(new LaunchContext(string(map.get(PATIENT)), string(map.get(ENCOUNTER)),
                    fhirContext instanceof List<?> list ? (List<Map<String, Object>>) list : List.of(),
                    banner instanceof Boolean b ? b : null, string(map.get(SMART_STYLE_URL)),
                    string(map.get(INTENT)), string(map.get(TENANT))));
        } catch (JsonProcessingException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    private static void putIfSet(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
