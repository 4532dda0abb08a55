package org.smartfhir.keycloak.clientauth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks a client assertion's compact form before Keycloak parses it, for what Keycloak 26.7.3 gets wrong with any
 * client: it answers a JOSE header of JSON {@code null} with Java exception text, accepts {@code crit} and
 * {@code b64:false} headers it does not understand (RFC 7515 §4.1.11: the JWS MUST then be rejected; RFC 7797 §3),
 * accepts {@code jti: ""} (RFC 7523 §3: a unique identifier, which an empty string is not), and writes the {@code kid}
 * into its log verbatim, so a CR/LF in it forges a log line. Each refusal is a fixed reason, never the value.
 */
public final class AssertionShape {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AssertionShape() {
    }

    /** Why the assertion must be refused, or empty when Keycloak's own validation may see it. */
    public static Optional<String> problem(String compact) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.of("client assertion must be a signed JWT (three base64url parts)");
        }
        Optional<JsonNode> header = object(parts[0]);
        if (header.isEmpty()) {
            return Optional.of("client assertion header must be a base64url-encoded JSON object");
        }
        JsonNode h = header.get();
        if (!h.path("alg").isTextual()) {
            return Optional.of("client assertion header alg must be a string");
        }
        if (h.has("crit")) {
            return Optional.of("client assertion header crit names parameters this server does not understand");
        }
        if (h.has("b64")) {
            return Optional.of("client assertion header b64 is not supported");
        }
        if (h.has("kid") && !printableText(h.get("kid"))) {
            return Optional.of("client assertion header kid must be a string of printable characters");
        }
        Optional<JsonNode> payload = object(parts[1]);
        if (payload.isEmpty()) {
            return Optional.of("client assertion payload must be a base64url-encoded JSON object");
        }
        JsonNode claims = payload.get();
        if (claims.has("jti") && (!printableText(claims.get("jti")) || claims.get("jti").asText().isBlank())) {
            return Optional.of("client assertion jti must be a non-empty string of printable characters");
        }
        for (String claim : new String[] {"iss", "sub"}) {
            if (claims.has(claim) && !printableText(claims.get(claim))) {
                return Optional.of("client assertion " + claim + " must be a string of printable characters");
            }
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> object(String part) {
        try {
            JsonNode node = JSON.readTree(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A string without control, line-separator or bidi-format characters (what could reshape a log line). */
    private static boolean printableText(JsonNode node) {
        return node.isTextual() && node.asText().codePoints().noneMatch(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
    }
}
