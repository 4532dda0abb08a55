package org.smartfhir.keycloak.audit.api;

import java.util.List;

import org.smartfhir.keycloak.audit.outbox.AuditRecordEntity;
import org.smartfhir.keycloak.audit.record.AuditRecord;

/**
 * Records as CSV for spreadsheets. Every field is quoted, and one that a spreadsheet would run as a formula
 * ({@code = + - @}, tab, carriage return at the start: CSV injection) is prefixed with an apostrophe.
 */
final class AuditCsv {

    static final String HEADER = "recorded,event,type,subtype,action,outcome,outcome_desc,user_id,username,client_id,"
            + "ip_address,patient,encounter,token_id,scope,refused_scope,grant_type,acr,amr,sequence,hash";

    private AuditCsv() {
    }

    static String of(List<AuditRecord> records, List<AuditRecordEntity> rows) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (int i = 0; i < records.size(); i++) {
            AuditRecord r = records.get(i);
            AuditRecordEntity row = rows.get(i);
            String[] fields = {r.recorded(), r.eventType(), r.type().code(),
                    r.subtypes().isEmpty() ? null : r.subtypes().get(0).code(), r.action(), String.valueOf(r.outcome()),
                    r.outcomeDesc(), r.userId(), r.username(), r.clientId(), r.ipAddress(), r.patient(), r.encounter(),
                    r.tokenId(), String.join(" ", r.scopes()), String.join(" ", r.refusedScopes()), r.grantType(), r.acr(),
                    String.join(" ", r.amr()),
                    row.getSequence() == null ? null : String.valueOf(row.getSequence()), row.getHash()};
            for (int f = 0; f < fields.length; f++) {
                csv.append(f == 0 ? "" : ",").append(field(fields[f]));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
