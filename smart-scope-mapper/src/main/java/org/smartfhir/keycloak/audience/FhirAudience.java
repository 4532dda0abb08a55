package org.smartfhir.keycloak.audience;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code aud} rule of SMART App Launch 2.2 §"Obtain authorization code": every authorization request names the
 * FHIR server the app will call, and the server refuses one that is not its own. This stops a malicious resource server
 * from obtaining tokens an app would then present to the real one (token redirection).
 *
 * <p>Matching is exact after normalization: scheme and host lower-cased (they are case-insensitive), trailing slashes
 * dropped (the IG's servers treat {@code …/fhir} and {@code …/fhir/} alike), path otherwise case-sensitive. No
 * prefix, wildcard or host-only matching: {@code https://ehr.example.org/fhir-evil} is not {@code …/fhir}.
 */
public final class FhirAudience {

    /** Realm attribute: the FHIR base URLs this realm issues tokens for, space-separated. */
    public static final String REALM_ATTRIBUTE = "smart.fhir.base.urls";
    static final int MAX_LENGTH = 2048;

    /** The outcome: the matched base, or why the request must be refused (an {@code invalid_request}). */
    public record Result(Optional<String> base, Optional<String> problem) {
        static Result ok(String base) {
            return new Result(Optional.of(base), Optional.empty());
        }

        static Result refused(String problem) {
            return new Result(Optional.empty(), Optional.of(problem));
        }
    }

    private FhirAudience() {
    }

    /** The configured bases, normalized; entries that are not absolute http(s) URLs are dropped (fail closed). */
    public static List<String> bases(String attribute) {
        List<String> out = new ArrayList<>();
        if (attribute != null) {
            for (String token : attribute.trim().split("\\s+")) {
                normalize(token).filter(b -> !out.contains(b)).ifPresent(out::add);
            }
        }
        return out;
    }

    /**
     * @param aud      the {@code aud} request parameter, or {@code null}
     * @param resource the RFC 8707 {@code resource} parameter, accepted as a synonym, or {@code null}
     */
    public static Result check(String aud, String resource, List<String> bases) {
        if (bases.isEmpty()) {
            return Result.refused("no FHIR base URL is configured for this realm, so no audience can be accepted");
        }
        boolean hasAud = aud != null && !aud.isBlank();
        boolean hasResource = resource != null && !resource.isBlank();
        if (!hasAud && !hasResource) {
            return Result.refused("aud is required: the base URL of the FHIR server the app will call");
        }
        Optional<String> fromAud = hasAud ? normalize(aud) : Optional.empty();
        Optional<String> fromResource = hasResource ? normalize(resource) : Optional.empty();
        if (hasAud && (fromAud.isEmpty() || !bases.contains(fromAud.get()))) {
            return Result.refused("aud is not a FHIR server this authorization server protects");
        }
        if (hasResource && (fromResource.isEmpty() || !bases.contains(fromResource.get()))) {
            return Result.refused("resource is not a FHIR server this authorization server protects");
        }
        if (hasAud && hasResource && !fromAud.equals(fromResource)) {
            return Result.refused("aud and resource name different FHIR servers");
        }
        return Result.ok(fromAud.orElseGet(fromResource::get));
    }

    /** Absolute http(s) URL without user info, query or fragment; scheme and host lower-cased; no trailing slash. */
    public static Optional<String> normalize(String url) {
        if (url == null || url.isEmpty() || url.length() > MAX_LENGTH
                || url.chars().anyMatch(c -> c <= 0x20 || c == 0x7F)) {
            // Refused, never cleaned: trimming would accept a base followed by a NUL or a line break.
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getRawAuthority() == null || uri.getHost() == null
                    || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + path);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
