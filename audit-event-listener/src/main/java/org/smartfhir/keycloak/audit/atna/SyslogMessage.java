package org.smartfhir.keycloak.audit.atna;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One audit record as an RFC 5424 syslog message framed for TLS transport (RFC 5425 §4.3 octet counting), following
 * the IHE ATNA conventions (ITI TF-2 3.20.4): facility 10 (security/authorization) and severity 5 (notice), so PRI 85;
 * MSGID {@code IHE+RFC-3881}; the DICOM {@code AuditMessage} XML as the UTF-8 message with a BOM. A structured-data
 * element carries the record id, realm and chain position, so a receiver can drop a redelivered record.
 *
 * <p>Header fields are printable US-ASCII by grammar; anything else in a host or application name is replaced, and
 * structured-data values are escaped as §6.3.3 requires, so no record content can forge another field or message.
 */
public final class SyslogMessage {

    public static final int PRI = 10 * 8 + 5;
    public static final String MSGID = "IHE+RFC-3881";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private SyslogMessage() {
    }

    /**
     * @param sdId structured-data id for the record's identity, {@code name@enterpriseNumber} (RFC 5424 §7.2.2)
     */
    public static byte[] frame(String timestamp, String hostname, String appName, String procId, String sdId,
                               String recordId, String realm, long sequence, String hash, String xml) {
        String header = "<" + PRI + ">1 " + headerField(timestamp, 64) + " " + headerField(hostname, 255) + " "
                + headerField(appName, 48) + " " + headerField(procId, 128) + " " + MSGID + " "
                + "[" + headerField(sdId, 32) + " id=\"" + sdValue(recordId) + "\" realm=\"" + sdValue(realm)
                + "\" seq=\"" + sequence + "\" hash=\"" + sdValue(hash) + "\"] ";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        int length = head.length + BOM.length + body.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 8);
        out.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(head);
        out.writeBytes(BOM);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** PRINTUSASCII (33–126) only, at most {@code max} characters; the nil value "-" when empty. */
    static String headerField(String value, int max) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), max));
        for (int i = 0; i < value.length() && out.length() < max; i++) {
            char c = value.charAt(i);
            out.append(c >= 33 && c <= 126 ? c : '_');
        }
        return out.toString();
    }

    /** §6.3.3: '"', '\' and ']' are escaped with a backslash; control characters are dropped. */
    static String sdValue(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                out.append('\\').append(c);
            } else if (c >= 32 && c != 127) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
