package org.smartfhir.keycloak.audit.atna;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.smartfhir.keycloak.audit.record.AuditRecord;
import org.smartfhir.keycloak.audit.record.Coding;

/**
 * A record as a DICOM PS3.15 A.5 {@code AuditMessage}: the XML that IHE ATNA audit repositories (and the SIEMs that
 * speak ATNA) expect in a syslog message. Same content as the FHIR rendering: the user and the client as active
 * participants, the realm as the audit source (a Security Server), the SMART patient and the token id as participant
 * objects, scopes, grant type, {@code acr}/{@code amr}, session hash and correlation id as object details; for a
 * consent decision {@code scope} is what was granted and {@code refused_scope} what was asked for and refused.
 * Every value goes through the XML writer's escaping; the record itself is already free of control characters.
 */
public final class DicomAuditMessage {

    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
    private static final Coding APPLICATION_ACTIVITY = new Coding(Coding.DCM, "110100", "Application Activity");
    private static final Coding APPLICATION_ROLE = new Coding(Coding.DCM, "110150", "Application");

    private DicomAuditMessage() {
    }

    public static String render(AuditRecord r, String auditSourceId) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XML.createXMLStreamWriter(out);
            x.writeStartElement("AuditMessage");
            eventIdentification(x, r);
            if (r.userId() != null) {
                participant(x, r.userId(), r.issuer(), r.username(), true, r.ipAddress(), null);
            }
            if (r.clientId() != null) {
                boolean alone = r.userId() == null;
                participant(x, r.clientId(), null, null, alone, alone ? r.ipAddress() : null, APPLICATION_ROLE);
            }
            if (r.userId() == null && r.clientId() == null) {
                participant(x, "unauthenticated", null, null, true, r.ipAddress(), null);
            }
            x.writeStartElement("AuditSourceIdentification");
            attribute(x, "AuditEnterpriseSiteID", r.realmName());
            attribute(x, "AuditSourceID", auditSourceId);
            code(x, "AuditSourceTypeCode", new Coding(Coding.DCM, "6", "Security Server"));
            x.writeEndElement();
            if (r.patient() != null) {
                object(x, r.patient(), "1", "1", new Coding("RFC-3881", "2", "Patient Number"), Map.of());
            }
            if (r.encounter() != null) {
                object(x, r.encounter(), "2", "3", new Coding("RFC-3881", "12", "URI"), Map.of("encounter", r.encounter()));
            }
            Map<String, String> details = new LinkedHashMap<>();
            put(details, "scope", r.scopes().isEmpty() ? null : String.join(" ", r.scopes()));
            put(details, "refused_scope", r.refusedScopes().isEmpty() ? null : String.join(" ", r.refusedScopes()));
            put(details, "revoked_client", r.revokedClient());
            put(details, "grant_type", r.grantType());
            put(details, "acr", r.acr());
            put(details, "amr", r.amr().isEmpty() ? null : String.join(" ", r.amr()));
            put(details, "session", r.sessionHash());
            put(details, "correlation_id", r.correlationId());
            put(details, "keycloak_event", r.eventType());
            put(details, "record_id", r.id());
            String tokenObject = r.tokenId() != null ? "urn:ietf:params:oauth:jti:" + r.tokenId()
                    : r.resourcePath() != null ? r.resourcePath() : null;
            if (tokenObject != null || !details.isEmpty()) {
                object(x, tokenObject == null ? "urn:uuid:" + r.id() : tokenObject, "2", "13",
                        new Coding("RFC-3881", "12", "URI"), details);
            }
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot render audit record " + r.id() + " as DICOM XML", e);
        }
        return out.toString();
    }

    private static void eventIdentification(XMLStreamWriter x, AuditRecord r) throws XMLStreamException {
        x.writeStartElement("EventIdentification");
        attribute(x, "EventActionCode", r.action());
        attribute(x, "EventDateTime", r.recorded());
        attribute(x, "EventOutcomeIndicator", String.valueOf(r.outcome()));
        // DICOM EventIDs are DCM codes; IHE transaction and FHIR REST types travel as event type codes (IUA, BALP).
        boolean dicomType = Coding.DCM.equals(r.type().system());
        Coding eventId = dicomType ? r.type()
                : r.type().equals(Coding.GET_ACCESS_TOKEN) ? Coding.USER_AUTHENTICATION : APPLICATION_ACTIVITY;
        code(x, "EventID", eventId);
        if (!dicomType) {
            code(x, "EventTypeCode", r.type());
        }
        for (Coding subtype : r.subtypes()) {
            code(x, "EventTypeCode", subtype);
        }
        if (r.outcomeDesc() != null) {
            x.writeStartElement("EventOutcomeDescription");
            x.writeCharacters(r.outcomeDesc());
            x.writeEndElement();
        }
        x.writeEndElement();
    }

    private static void participant(XMLStreamWriter x, String userId, String alternativeId, String name, boolean requestor,
                                    String ip, Coding role) throws XMLStreamException {
        x.writeStartElement("ActiveParticipant");
        attribute(x, "UserID", userId);
        attribute(x, "AlternativeUserID", alternativeId);
        attribute(x, "UserName", name);
        attribute(x, "UserIsRequestor", String.valueOf(requestor));
        if (ip != null) {
            attribute(x, "NetworkAccessPointID", ip);
            attribute(x, "NetworkAccessPointTypeCode", "2");
        }
        if (role != null) {
            code(x, "RoleIDCode", role);
        }
        x.writeEndElement();
    }

    private static void object(XMLStreamWriter x, String id, String typeCode, String role, Coding idType,
                               Map<String, String> details) throws XMLStreamException {
        x.writeStartElement("ParticipantObjectIdentification");
        attribute(x, "ParticipantObjectID", id);
        attribute(x, "ParticipantObjectTypeCode", typeCode);
        attribute(x, "ParticipantObjectTypeCodeRole", role);
        code(x, "ParticipantObjectIDTypeCode", idType);
        for (Map.Entry<String, String> detail : details.entrySet()) {
            x.writeEmptyElement("ParticipantObjectDetail");
            x.writeAttribute("type", detail.getKey());
            x.writeAttribute("value", Base64.getEncoder().encodeToString(detail.getValue().getBytes(StandardCharsets.UTF_8)));
        }
        x.writeEndElement();
    }

    private static void code(XMLStreamWriter x, String element, Coding coding) throws XMLStreamException {
        x.writeEmptyElement(element);
        x.writeAttribute("csd-code", coding.code());
        x.writeAttribute("codeSystemName", codeSystemName(coding.system()));
        if (coding.display() != null) {
            x.writeAttribute("originalText", coding.display());
        }
    }

    private static String codeSystemName(String system) {
        return switch (system) {
            case Coding.DCM -> "DCM";
            case Coding.IHE_EVENT -> "IHE Transactions";
            default -> system;
        };
    }

    private static void attribute(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        if (value != null) {
            x.writeAttribute(name, value);
        }
    }

    private static void put(Map<String, String> details, String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
    }
}
