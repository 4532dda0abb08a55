package org.smartfhir.keycloak.launch.picker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.smartfhir.keycloak.launch.context.FhirValues;

/**
 * Reads FHIR R4 searchset Bundles (JSON) of Patients and Encounters into pick-list rows. The FHIR server is trusted
 * to answer, not to answer well: entries with an invalid id are skipped (they could not go into a token anyway), text
 * is bounded and stripped of control characters, and anything unreadable is an error, never a partial page.
 */
public final class FhirBundleReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_ENTRIES = 100;
    private static final int MAX_LABEL = 200;

    private FhirBundleReader() {
    }

    public static SearchPage patients(byte[] body) throws IOException {
        return read(body, "Patient");
    }

    public static SearchPage encounters(byte[] body) throws IOException {
        return read(body, "Encounter");
    }

    private static SearchPage read(byte[] body, String type) throws IOException {
        JsonNode bundle = JSON.readTree(body);
        if (bundle == null || !"Bundle".equals(bundle.path("resourceType").asText())) {
            throw new IOException("not a FHIR Bundle");
        }
        List<Candidate> out = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            JsonNode resource = entry.path("resource");
            String id = resource.path("id").asText(null);
            if (!type.equals(resource.path("resourceType").asText()) || !FhirValues.isId(id)) {
                continue;
            }
            out.add(type.equals("Patient") ? patient(id, resource) : encounter(id, resource));
            if (out.size() == MAX_ENTRIES) {
                break;
            }
        }
        String next = null;
        for (JsonNode link : bundle.path("link")) {
            if ("next".equals(link.path("relation").asText())) {
                next = link.path("url").asText(null);
            }
        }
        return new SearchPage(out, next);
    }

    private static Candidate patient(String id, JsonNode patient) {
        String name = null;
        for (JsonNode humanName : patient.path("name")) {
            if (humanName.hasNonNull("text")) {
                name = humanName.get("text").asText();
            } else {
                List<String> parts = new ArrayList<>();
                humanName.path("given").forEach(given -> parts.add(given.asText()));
                if (humanName.hasNonNull("family")) {
                    parts.add(humanName.get("family").asText());
                }
                name = String.join(" ", parts);
            }
            if (name != null && !name.isBlank()) {
                break;
            }
        }
        String detail = join(patient.path("birthDate").asText(""), patient.path("gender").asText(""));
        return new Candidate(id, clean(name == null || name.isBlank() ? "Patient/" + id : name), clean(detail));
    }

    private static Candidate encounter(String id, JsonNode encounter) {
        String label = null;
        for (JsonNode type : encounter.path("type")) {
            label = type.path("text").asText(null);
            if (label == null) {
                label = type.path("coding").path(0).path("display").asText(null);
            }
            if (label != null) {
                break;
            }
        }
        if (label == null) {
            label = encounter.path("class").path("display").asText(encounter.path("class").path("code").asText("Encounter/" + id));
        }
        JsonNode period = encounter.path("period");
        String when = period.path("start").asText("") + (period.has("end") ? " – " + period.path("end").asText("") : "");
        return new Candidate(id, clean(label), clean(join(when, encounter.path("status").asText(""))));
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + " · " + b;
    }

    /** Display text only: bounded, and without control or invisible format characters. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)
                .limit(MAX_LABEL).forEach(out::appendCodePoint);
        return out.toString().trim();
    }
}
