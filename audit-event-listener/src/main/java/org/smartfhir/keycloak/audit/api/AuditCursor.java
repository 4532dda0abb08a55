package org.smartfhir.keycloak.audit.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of a search ended: the position of its last record in the search's order (newest first: creation
 * time, then id). The next page holds only records after that position, so a reader walking {@code next} links sees
 * each record once, even though every page request adds a record of its own (the audited query) at the top and a
 * page count by offset would shift under it. Opaque to readers (base64url), checked when read back.
 */
record AuditCursor(long createdAt, String id) {

    static final String PARAMETER = "_cursor";
    private static final int MAX_ID = 64;

    static AuditCursor after(long createdAt, String id) {
        return new AuditCursor(createdAt, id);
    }

    String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((createdAt + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the value is not a cursor this server handed out */
    static AuditCursor parse(String value) {
        String refused = PARAMETER + " must be the value of a next link this server returned";
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(refused);
        }
        int colon = decoded.indexOf(':');
        if (colon < 1 || decoded.length() - colon - 1 > MAX_ID || decoded.length() - colon - 1 < 1) {
            throw new IllegalArgumentException(refused);
        }
        String id = decoded.substring(colon + 1);
        if (!id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException(refused);
        }
        try {
            return new AuditCursor(Long.parseLong(decoded.substring(0, colon)), id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(refused);
        }
    }
}
