package org.smartfhir.keycloak.audit.atna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.smartfhir.keycloak.audit.record.AuditRecord;
import org.smartfhir.keycloak.audit.record.BalpMapper;
import org.smartfhir.keycloak.audit.record.EventFacts;
import org.smartfhir.keycloak.audit.record.Records;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class AtnaMessageTest {

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Element first(Document doc, String name) {
        return (Element) doc.getElementsByTagName(name).item(0);
    }

    /** A participant object's details, decoded. */
    private static Map<String, String> details(Element object) {
        Map<String, String> details = new HashMap<>();
        NodeList detailNodes = object.getElementsByTagName("ParticipantObjectDetail");
        for (int i = 0; i < detailNodes.getLength(); i++) {
            Element d = (Element) detailNodes.item(i);
            details.put(d.getAttribute("type"), new String(Base64.getDecoder().decode(d.getAttribute("value")), StandardCharsets.UTF_8));
        }
        return details;
    }

    @Test
    void aTokenRecordIsAUserAuthenticatedEventOfTypeIti71WithThePatientAndTheTokenId() throws Exception {
        AuditRecord record = BalpMapper.map(Records.user("CODE_TO_TOKEN", null, Map.of("token_id", "jti-7",
                "scope", "openid patient/Observation.rs", "grant_type", "authorization_code")));
        Document doc = parse(DicomAuditMessage.render(record, "kc-node-1"));
        Element event = first(doc, "EventIdentification");
        assertEquals("E", event.getAttribute("EventActionCode"));
        assertEquals("0", event.getAttribute("EventOutcomeIndicator"));
        assertEquals("110114", first(doc, "EventID").getAttribute("csd-code"));
        assertEquals("ITI-71", first(doc, "EventTypeCode").getAttribute("csd-code"));
        Element user = first(doc, "ActiveParticipant");
        assertEquals("user-1", user.getAttribute("UserID"));
        assertEquals("true", user.getAttribute("UserIsRequestor"));
        assertEquals("192.0.2.7", user.getAttribute("NetworkAccessPointID"));
        assertEquals("smart", first(doc, "AuditSourceIdentification").getAttribute("AuditEnterpriseSiteID"));
        NodeList objects = doc.getElementsByTagName("ParticipantObjectIdentification");
        assertEquals("pat-1", ((Element) objects.item(0)).getAttribute("ParticipantObjectID"));
        assertEquals("1", ((Element) objects.item(0)).getAttribute("ParticipantObjectTypeCodeRole"));
        Element token = (Element) objects.item(objects.getLength() - 1);
        assertEquals("urn:ietf:params:oauth:jti:jti-7", token.getAttribute("ParticipantObjectID"));
        Map<String, String> details = details(token);
        assertEquals("openid patient/Observation.rs", details.get("scope"));
        assertEquals("pwd otp mfa", details.get("amr"));
        assertEquals(record.id(), details.get("record_id"));
    }

    @Test
    void aConsentDecisionCarriesTheGrantedAndTheRefusedScopes() throws Exception {
        AuditRecord record = BalpMapper.map(Records.consent("GRANT_CONSENT_ERROR", "consent_denied", Map.of(
                "refused_scope", "patient/Observation.rs patient/Condition.rs", "patient", "pat-9")));
        Document doc = parse(DicomAuditMessage.render(record, "kc-node-1"));
        assertEquals("110113", first(doc, "EventID").getAttribute("csd-code"));
        assertEquals("AuthZ-Consent", first(doc, "EventTypeCode").getAttribute("csd-code"));
        assertEquals("4", first(doc, "EventIdentification").getAttribute("EventOutcomeIndicator"));
        NodeList objects = doc.getElementsByTagName("ParticipantObjectIdentification");
        assertEquals("pat-9", ((Element) objects.item(0)).getAttribute("ParticipantObjectID"));
        Map<String, String> details = details((Element) objects.item(objects.getLength() - 1));
        assertEquals("patient/Observation.rs patient/Condition.rs", details.get("refused_scope"));
        assertFalse(details.containsKey("scope"), "nothing granted");
    }

    @Test
    void hostileValuesStayInsideTheirAttribute() throws Exception {
        String hostile = "mallory\"/><ActiveParticipant UserID=\"root\"/><!-- ]]> & <";
        AuditRecord record = BalpMapper.map(new EventFacts(false, "LOGIN_ERROR", "invalid_user_credentials", 1_795_000_000_000L,
                "e-1", "realm-1", "smart", null, hostile, hostile, "app", "192.0.2.1", null, Map.of(), null, null, null, null,
                null, java.util.List.of(), null));
        Document doc = parse(DicomAuditMessage.render(record, "kc"));
        assertEquals(2, doc.getElementsByTagName("ActiveParticipant").getLength(), "the user and the client, none injected");
        assertEquals(hostile, first(doc, "ActiveParticipant").getAttribute("UserName"));
        assertEquals(hostile, first(doc, "ActiveParticipant").getAttribute("UserID"));
        assertEquals("4", first(doc, "EventIdentification").getAttribute("EventOutcomeIndicator"));
    }

    @Test
    void theFrameCountsOctetsAndFollowsAtnaConventions() {
        String xml = "<AuditMessage>é</AuditMessage>";
        byte[] frame = SyslogMessage.frame("2026-11-24T00:00:00.123Z", "kc node\n1", "keycloak", null,
                "smart-audit@32473", "id-1", "realm\"]x", 42, "ab".repeat(32), xml);
        String text = new String(frame, StandardCharsets.UTF_8);
        int space = text.indexOf(' ');
        int length = Integer.parseInt(text.substring(0, space));
        assertEquals(frame.length - space - 1, length, "MSG-LEN counts octets, not characters");
        String message = text.substring(space + 1);
        assertTrue(message.startsWith("<85>1 2026-11-24T00:00:00.123Z kc_node_1 keycloak - IHE+RFC-3881 "), message);
        assertTrue(message.contains("[smart-audit@32473 id=\"id-1\" realm=\"realm\\\"\\]x\" seq=\"42\" hash=\""), message);
        byte[] body = Arrays.copyOfRange(frame, frame.length - xml.getBytes(StandardCharsets.UTF_8).length - 3, frame.length);
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(body, 3), "MSG starts with a BOM");
        assertFalse(message.contains("\n"), "no line break can split the message");
    }
}
