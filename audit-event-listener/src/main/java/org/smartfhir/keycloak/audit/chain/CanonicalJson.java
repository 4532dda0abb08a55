package org.smartfhir.keycloak.audit.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.smartfhir.keycloak.audit.record.AuditRecord;

/**
 * The one text form of a record that the hash chain covers and the outbox stores: JSON with properties in alphabetical
 * order and no insignificant whitespace, so the same record always hashes the same, on every node and after every
 * upgrade of the JSON library's defaults.
 */
public final class CanonicalJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private CanonicalJson() {
    }

    public static String of(AuditRecord record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit record not serializable", e);
        }
    }

    public static AuditRecord parse(String canonical) {
        try {
            return MAPPER.readValue(canonical, AuditRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an audit record", e);
        }
    }
}
