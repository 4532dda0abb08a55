package org.smartfhir.keycloak.launch.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LaunchRequestParserTest {

    private static LaunchRequestParser.Result parse(String json) {
        return LaunchRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(String json) {
        LaunchRequestParser.Result result = parse(json);
        assertFalse(result.ok(), "should be refused: " + json);
        return result.error();
    }

    @Test
    void aFullEhrLaunchIsParsedAndOnlySetParametersAreEmitted() {
        LaunchRequestParser.Result result = parse("""
                {"client_id":"growth-chart","user":"dr.who","patient":"123","encounter":"enc-9",
                 "fhirContext":[{"reference":"DiagnosticReport/dr1"},
                                {"canonical":"http://example.org/Questionnaire/q|1.0","type":"Questionnaire"},
                                {"identifier":{"system":"urn:oid:1.2.3","value":"A-7"},"type":"Observation"},
                                {"reference":"Patient/456","role":"https://example.org/roles/mother"}],
                 "need_patient_banner":false,"smart_style_url":"https://ehr.example.org/style.json",
                 "intent":"reconcile-medications","tenant":"hospital-a"}""");
        assertTrue(result.ok(), result.error());
        LaunchRequest request = result.request();
        assertEquals("growth-chart", request.clientId());
        assertEquals("dr.who", request.user());
        Map<String, Object> params = request.context().parameters();
        assertEquals(List.copyOf(LaunchContext.PARAMETERS), List.copyOf(params.keySet()));
        assertEquals(false, params.get("need_patient_banner"));
        assertEquals(Map.of("reference", "DiagnosticReport/dr1", "type", "DiagnosticReport"),
                ((List<?>) params.get("fhirContext")).get(0), "the reference's type is made explicit");
        assertEquals(Map.of("patient", "123"), parse("{\"client_id\":\"a\",\"patient\":\"123\"}").request().context().parameters());
        assertTrue(parse("{\"client_id\":\"a\"}").request().context().isEmpty(), "a launch without patient is allowed");
    }

    @Test
    void contextRoundTripsThroughItsStoredForm() {
        LaunchContext context = parse("""
                {"client_id":"a","patient":"p1","fhirContext":[{"reference":"Observation/o1"}],
                 "need_patient_banner":true,"tenant":"t"}""").request().context();
        assertEquals(context, LaunchContext.fromJson(context.toJson()).orElseThrow());
        assertTrue(LaunchContext.fromJson("{not json").isEmpty());
        assertTrue(LaunchContext.fromJson(null).isEmpty());
    }

    @Test
    void idsAreFhirIdsSoTheyCannotWidenTheCompartment() {
        assertTrue(error("{\"client_id\":\"a\",\"patient\":\"Patient/1\"}").startsWith("patient"));
        assertTrue(error("{\"client_id\":\"a\",\"patient\":\"1?_has=x\"}").startsWith("patient"));
        assertTrue(error("{\"client_id\":\"a\",\"patient\":\"" + "1".repeat(65) + "\"}").startsWith("patient"));
        assertTrue(error("{\"client_id\":\"a\",\"patient\":123}").startsWith("patient"));
        assertTrue(error("{\"client_id\":\"a\",\"encounter\":\"e1\"}").contains("needs its patient"));
        assertTrue(error("{\"client_id\":\"a\",\"patient\":\"1\",\"encounter\":\"e/1\"}").startsWith("encounter"));
    }

    @Test
    void fhirContextItemsFollowTheIg() {
        assertTrue(error("{\"client_id\":\"a\",\"fhirContext\":{}}").startsWith("fhirContext must be an array"));
        assertTrue(error("{\"client_id\":\"a\",\"fhirContext\":[\"Observation/1\"]}").contains("must be an object"));
        assertTrue(error("{\"client_id\":\"a\",\"fhirContext\":[{\"type\":\"Observation\"}]}").contains("reference, canonical or identifier"));
        assertTrue(error("{\"client_id\":\"a\",\"fhirContext\":[{\"reference\":\"http://x/Observation/1\"}]}").contains("relative"));
        assertTrue(error("{\"client_id\":\"a\",\"fhirContext\":[{\"reference\":\"Observation/1\",\"type\":\"Condition\"}]}").contains("does not match"));
        assertTrue(error("{\"client_id\":\"a\",\"fhirContext\":[{\"reference\":\"Observation/1\",\"role\":\"launch ctx\"}]}").contains("role"));
        assertTrue(error("{\"client_id\":\"a\",\"fhirContext\":[{\"reference\":\"Patient/1\"}]}").contains("only with a role"));
        assertTrue(error("{\"client_id\":\"a\",\"fhirContext\":[{\"identifier\":{\"value\":\"x\",\"use\":\"official\"}}]}").contains("identifier"));
        assertTrue(error("{\"client_id\":\"a\",\"fhirContext\":[{\"reference\":\"Observation/1\",\"display\":\"x\"}]}").contains("unknown field"));
        String many = "[" + String.join(",", java.util.Collections.nCopies(33, "{\"reference\":\"Observation/1\"}")) + "]";
        assertTrue(error("{\"client_id\":\"a\",\"fhirContext\":" + many + "}").contains("at most 32"));
    }

    @Test
    void everythingElseIsStrict() {
        assertTrue(error("{\"patient\":\"1\"}").startsWith("client_id"));
        assertTrue(error("{\"client_id\":\"a\",\"patiant\":\"1\"}").startsWith("unknown field"), "a typo never drops a restriction");
        assertTrue(error("{\"client_id\":\"a\",\"client_id\":\"b\"}").contains("JSON"), "duplicate keys");
        assertTrue(error("{\"client_id\":\"a\"} {}").contains("JSON"), "trailing content");
        assertTrue(error("[1]").contains("object"));
        assertTrue(error("").contains("object"));
        assertTrue(error("{\"client_id\":\"a\",\"need_patient_banner\":\"true\"}").startsWith("need_patient_banner"));
        assertTrue(error("{\"client_id\":\"a\",\"smart_style_url\":\"javascript:alert(1)\"}").startsWith("smart_style_url"));
        assertTrue(error("{\"client_id\":\"a\",\"smart_style_url\":\"https://u:p@ehr/style\"}").startsWith("smart_style_url"));
        assertTrue(error("{\"client_id\":\"a\",\"intent\":\"line\\nbreak\"}").startsWith("intent"), "log injection");
        assertTrue(error("{\"client_id\":\"a\",\"tenant\":\"evil\\u202Eexe\"}").startsWith("tenant"), "bidi override");
        assertTrue(error("{\"client_id\":\"a\",\"intent\":\"" + "x".repeat(257) + "\"}").startsWith("intent"));
        byte[] huge = new byte[LaunchRequestParser.MAX_BODY_BYTES + 1];
        assertTrue(LaunchRequestParser.parse(huge).error().contains("larger"));
        assertNull(parse("{\"client_id\":\"a\",\"patient\":null}").request().context().patient(), "null means absent");
    }

    @Test
    void randomBytesNeverEscapeAsAnException() {
        Random random = new Random(42);
        String seed = "{\"client_id\":\"a\",\"patient\":\"1\",\"fhirContext\":[{\"reference\":\"Observation/1\",\"role\":\"http://r\"}]}";
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
            for (int m = 0; m < 1 + random.nextInt(4); m++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            LaunchRequestParser.Result result = LaunchRequestParser.parse(bytes);
            assertTrue(result.ok() || result.error() != null);
        }
    }
}
