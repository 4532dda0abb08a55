package org.smartfhir.keycloak.launch.context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Validates the body an EHR posts to mint a launch (SMART App Launch 2.2 §"EHR launch", context parameters of
 * requirement D20). Strict on purpose: an unknown field is refused rather than ignored, so a misspelt
 * {@code "patiant"} fails loudly instead of launching an app with no patient restriction.
 */
public final class LaunchRequestParser {

    public static final int MAX_BODY_BYTES = 16 * 1024;
    public static final int MAX_FHIR_CONTEXT_ITEMS = 32;

    private static final Set<String> FIELDS = Set.of("client_id", "user", LaunchContext.PATIENT, LaunchContext.ENCOUNTER,
            LaunchContext.FHIR_CONTEXT, LaunchContext.NEED_PATIENT_BANNER, LaunchContext.SMART_STYLE_URL,
            LaunchContext.INTENT, LaunchContext.TENANT);
    private static final Set<String> FHIR_CONTEXT_FIELDS = Set.of("reference", "canonical", "identifier", "type", "role");
    private static final Set<String> IDENTIFIER_FIELDS = Set.of("system", "value");
    /** Resource types that have their own top-level parameter; in fhirContext only with a role of their own. */
    private static final Set<String> TOP_LEVEL_TYPES = Set.of("Patient", "Encounter");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Either a request or the reason it is refused (safe to return to the caller: it never echoes input). */
    public record Result(LaunchRequest request, String error) {
        public boolean ok() {
            return request != null;
        }

        static Result fail(String error) {
            return new Result(null, error);
        }
    }

    private LaunchRequestParser() {
    }

    public static Result parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Result.fail("the body must be a JSON object");
        }
        if (body.length > MAX_BODY_BYTES) {
            return Result.fail("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Result.fail("the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return Result.fail("the body must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return Result.fail("unknown field (allowed: client_id, user, patient, encounter, fhirContext, "
                        + "need_patient_banner, smart_style_url, intent, tenant)");
            }
        }
        JsonNode clientId = root.get("client_id");
        if (clientId == null || !clientId.isTextual() || !FhirValues.isSafeText(clientId.asText())) {
            return Result.fail("client_id is required: the SMART app this launch is for");
        }
        String user = null;
        if (present(root, "user")) {
            if (!root.get("user").isTextual() || !FhirValues.isSafeText(root.get("user").asText())) {
                return Result.fail("user must be a username or user id");
            }
            user = root.get("user").asText();
        }
        String patient = null;
        if (present(root, LaunchContext.PATIENT)) {
            JsonNode node = root.get(LaunchContext.PATIENT);
            if (!node.isTextual() || !FhirValues.isId(node.asText())) {
                return Result.fail("patient must be a FHIR resource id (letters, digits, '-', '.', at most 64)");
            }
            patient = node.asText();
        }
        String encounter = null;
        if (present(root, LaunchContext.ENCOUNTER)) {
            JsonNode node = root.get(LaunchContext.ENCOUNTER);
            if (!node.isTextual() || !FhirValues.isId(node.asText())) {
                return Result.fail("encounter must be a FHIR resource id (letters, digits, '-', '.', at most 64)");
            }
            if (patient == null) {
                return Result.fail("an encounter needs its patient");
            }
            encounter = node.asText();
        }
        List<Map<String, Object>> fhirContext = new ArrayList<>();
        if (present(root, LaunchContext.FHIR_CONTEXT)) {
            JsonNode node = root.get(LaunchContext.FHIR_CONTEXT);
            if (!node.isArray() || node.size() > MAX_FHIR_CONTEXT_ITEMS) {
                return Result.fail("fhirContext must be an array of at most " + MAX_FHIR_CONTEXT_ITEMS + " objects");
            }
            for (int i = 0; i < node.size(); i++) {
                String error = fhirContextItem(node.get(i), fhirContext);
                if (error != null) {
                    return Result.fail("fhirContext[" + i + "]: " + error);
                }
            }
        }
        Boolean banner = null;
        if (present(root, LaunchContext.NEED_PATIENT_BANNER)) {
            if (!root.get(LaunchContext.NEED_PATIENT_BANNER).isBoolean()) {
                return Result.fail("need_patient_banner must be true or false");
            }
            banner = root.get(LaunchContext.NEED_PATIENT_BANNER).booleanValue();
        }
        String style = null;
        if (present(root, LaunchContext.SMART_STYLE_URL)) {
            JsonNode node = root.get(LaunchContext.SMART_STYLE_URL);
            if (!node.isTextual() || !FhirValues.isWebUrl(node.asText())) {
                return Result.fail("smart_style_url must be an absolute http(s) URL");
            }
            style = node.asText();
        }
        for (String field : List.of(LaunchContext.INTENT, LaunchContext.TENANT)) {
            if (present(root, field) && !(root.get(field).isTextual() && FhirValues.isSafeText(root.get(field).asText()))) {
                return Result.fail(field + " must be printable text of at most " + FhirValues.MAX_TEXT + " characters");
            }
        }
        String intent = present(root, LaunchContext.INTENT) ? root.get(LaunchContext.INTENT).asText() : null;
        String tenant = present(root, LaunchContext.TENANT) ? root.get(LaunchContext.TENANT).asText() : null;
        return new Result(new LaunchRequest(clientId.asText(), user,
                new LaunchContext(patient, encounter, fhirContext, banner, style, intent, tenant)), null);
    }

    private static boolean present(JsonNode root, String field) {
        return root.has(field) && !root.get(field).isNull();
    }

    /** SMART 2.2 §"fhirContext": each item names a resource by reference, canonical or identifier. */
    private static String fhirContextItem(JsonNode item, List<Map<String, Object>> out) {
        if (item == null || !item.isObject()) {
            return "must be an object";
        }
        for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
            if (!FHIR_CONTEXT_FIELDS.contains(names.next())) {
                return "unknown field (allowed: reference, canonical, identifier, type, role)";
            }
        }
        Map<String, Object> normalized = new LinkedHashMap<>();
        String type = null;
        if (item.has("type")) {
            if (!item.get("type").isTextual() || !FhirValues.isResourceType(item.get("type").asText())) {
                return "type must be a FHIR resource type";
            }
            type = item.get("type").asText();
        }
        boolean named = false;
        if (item.has("reference")) {
            JsonNode ref = item.get("reference");
            if (!ref.isTextual() || !FhirValues.isRelativeReference(ref.asText())) {
                return "reference must be a relative reference Type/id";
            }
            String refType = ref.asText().substring(0, ref.asText().indexOf('/'));
            if (type != null && !type.equals(refType)) {
                return "type does not match the reference";
            }
            type = type == null ? refType : type;
            normalized.put("reference", ref.asText());
            named = true;
        }
        if (item.has("canonical")) {
            JsonNode canonical = item.get("canonical");
            if (!canonical.isTextual() || !FhirValues.isCanonical(canonical.asText())) {
                return "canonical must be an absolute URL, optionally with |version";
            }
            normalized.put("canonical", canonical.asText());
            named = true;
        }
        if (item.has("identifier")) {
            JsonNode identifier = item.get("identifier");
            if (!identifier.isObject() || !identifier.has("value")) {
                return "identifier must be an object with a value";
            }
            Map<String, Object> id = new LinkedHashMap<>();
            for (Iterator<String> names = identifier.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                JsonNode value = identifier.get(name);
                boolean valid = IDENTIFIER_FIELDS.contains(name) && value.isTextual()
                        && (name.equals("system") ? FhirValues.isAbsoluteUri(value.asText()) : FhirValues.isSafeText(value.asText()));
                if (!valid) {
                    return "identifier may hold a system (absolute URI) and a value (text)";
                }
                id.put(name, value.asText());
            }
            normalized.put("identifier", id);
            named = true;
        }
        if (!named) {
            return "needs a reference, canonical or identifier";
        }
        if (type != null) {
            normalized.put("type", type);
        }
        String role = null;
        if (item.has("role")) {
            JsonNode node = item.get("role");
            if (!node.isTextual() || !FhirValues.isAbsoluteUri(node.asText())) {
                return "role must be an absolute URI";
            }
            role = node.asText();
            normalized.put("role", role);
        }
        if (type != null && TOP_LEVEL_TYPES.contains(type) && role == null) {
            return type + " goes in the " + type.toLowerCase(java.util.Locale.ROOT)
                    + " parameter; in fhirContext only with a role";
        }
        out.add(normalized);
        return null;
    }
}
