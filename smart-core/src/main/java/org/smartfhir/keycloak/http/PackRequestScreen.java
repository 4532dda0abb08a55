package org.smartfhir.keycloak.http;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Screens requests to the pack's own REST endpoints before the framework matches and decodes them. Keycloak 26.7.3
 * (Quarkus REST) parses the {@code Content-Type} while matching and decodes a form body before the resource runs; a
 * malformed header or an undecodable form then fails inside the framework with a 500, and the decoder's exception
 * message — logged by Keycloak — holds the whole body, tokens included. Used by each module's {@code @PreMatching}
 * filter for that module's paths only, so Keycloak's own endpoints keep their behaviour.
 *
 * <p>An endpoint that reads a form must answer {@link ScreenedFormStream#REFUSED_PARAMETER} with a 400. A refused
 * request gets RFC 6749 §5.2's shape: {@code invalid_request} with a fixed description; nothing of the
 * request is echoed or logged.
 */
public final class PackRequestScreen {

    private final List<PackEndpoint> endpoints;

    public PackRequestScreen(List<PackEndpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        Optional<PackEndpoint> endpoint = endpoints.stream().filter(e -> e.matches(path)).findFirst();
        if (endpoint.isEmpty()) {
            return;
        }
        refusal(request, endpoint.get()).ifPresent(request::abortWith);
    }

    private static Optional<Response> refusal(ContainerRequestContext request, PackEndpoint endpoint) {
        request.getHeaders().putSingle(HttpHeaders.ACCEPT,
                endpoint.representation() == null ? MediaType.WILDCARD
                        : endpoint.representation().getType() + "/" + endpoint.representation().getSubtype());
        Optional<String> query = FormBody.queryProblem(request.getUriInfo().getRequestUri().getRawQuery());
        if (query.isPresent()) {
            return Optional.of(invalid(Response.Status.BAD_REQUEST, query.get()));
        }
        List<String> contentTypes = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        MediaType type = null;
        if (contentTypes != null && !contentTypes.isEmpty()) {
            Optional<MediaType> parsed = contentTypes.size() == 1 ? MediaTypes.parse(contentTypes.get(0)) : Optional.empty();
            if (parsed.isEmpty()) {
                return Optional.of(invalid(Response.Status.BAD_REQUEST, "the Content-Type header is malformed"));
            }
            type = parsed.get();
        }
        if (endpoint.bodyMethod() == null || !endpoint.bodyMethod().equals(request.getMethod())) {
            // Nothing here reads a body: the framework need not parse one (a multipart or form body would be decoded).
            request.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
            return Optional.empty();
        }
        if (type == null || type.isWildcardType() || type.isWildcardSubtype() || !type.isCompatible(endpoint.body())) {
            return Optional.of(invalid(endpoint.wrongBody(), "the body must be " + endpoint.body().getType() + "/"
                    + endpoint.body().getSubtype()));
        }
        // What the framework parses again is this canonical form, never the caller's text. A charset parameter is
        // dropped: JSON is UTF-8 (RFC 8259 §8.1), and a form is percent-encoded ASCII whose escapes are read as UTF-8
        // (many clients still label it ISO-8859-1).
        request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, endpoint.body().getType() + "/" + endpoint.body().getSubtype());
        if (MediaType.APPLICATION_FORM_URLENCODED_TYPE.isCompatible(endpoint.body())) {
            return formRefusal(request);
        }
        return Optional.empty();
    }

    /**
     * A declared oversized form is refused at once; any other is checked as the framework reads it
     * ({@link ScreenedFormStream}), since this runs on an I/O thread where the body cannot be read yet.
     */
    private static Optional<Response> formRefusal(ContainerRequestContext request) {
        if (request.getLength() > FormBody.MAX_BYTES) {
            return Optional.of(invalid(Response.Status.BAD_REQUEST, "the form body is larger than " + FormBody.MAX_BYTES + " bytes"));
        }
        request.setEntityStream(new ScreenedFormStream(request.getEntityStream()));
        return Optional.empty();
    }

    private static Response invalid(Response.Status status, String description) {
        return JsonErrors.error(status, "invalid_request", description);
    }
}
