package org.smartfhir.keycloak.audit.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void formulasAreDefusedAndQuotesEscaped() {
        assertEquals("\"'=HYPERLINK(\"\"http://evil\"\")\"", AuditCsv.field("=HYPERLINK(\"http://evil\")"));
        assertEquals("\"'+1\"", AuditCsv.field("+1"));
        assertEquals("\"'@SUM(A1)\"", AuditCsv.field("@SUM(A1)"));
        assertEquals("\"alice\"", AuditCsv.field("alice"));
        assertEquals("", AuditCsv.field(null));
    }
}
