package org.smartfhir.keycloak.demo.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * Makes a HAPI FHIR plain server ({@code RestfulServer}, FHIR R4) discoverable by SMART apps, whose clients look for the
 * authorization server at the FHIR base ({@code iss}), never at Keycloak:
 *
 * <ul>
 *   <li>{@code GET {fhirBase}/.well-known/smart-configuration} answers the realm's own document (SMART App Launch 2.2
 *       §Conformance: "FHIR endpoints requiring authorization SHALL serve a JSON document at
 *       {@code [base]/.well-known/smart-configuration}"), fetched from Keycloak, JSON with CORS open like Keycloak's;</li>
 *   <li>the CapabilityStatement's {@code rest[0].security} gets {@code service} = SMART-on-FHIR and the
 *       {@code oauth-uris} extension with the same endpoints (SMART App Launch 1.0 discovery, which older clients such
 *       as fhirclient still fall back to).</li>
 * </ul>
 *
 * <p>The document is fetched with a 5 s bound on the whole exchange, at most 256 KiB, no redirects, and kept for
 * {@code ttl} (Keycloak builds it from the realm's configuration, which changes rarely). A failed fetch is not retried
 * for 10 s, so a storm of discovery requests cannot hammer Keycloak; meanwhile the last good document, if any, is
 * served. With none, the well-known path answers 502 and the CapabilityStatement a 502 OperationOutcome: an app must
 * never take a SMART server for an open one because Keycloak was briefly down.
 *
 * <p>Copy this class into your own HAPI server: {@code fhir.registerInterceptor(new SmartDiscoveryInterceptor(
 * URI.create("https://keycloak.example.org/realms/smart/.well-known/smart-configuration")))}.
 */
@Interceptor
public final class SmartDiscoveryInterceptor {

    /** SMART App Launch: where clients look, relative to the FHIR base. */
    public static final String WELL_KNOWN_PATH = "/.well-known/smart-configuration";
    /** The security service code for SMART on FHIR (terminology.hl7.org restful-security-service). */
    public static final String SECURITY_SERVICE_SYSTEM = "http://terminology.hl7.org/CodeSystem/restful-security-service";
    public static final String SECURITY_SERVICE_CODE = "SMART-on-FHIR";
    public static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);
    static final int MAX_BYTES = 256 * 1024;

    /** oauth-uris sub-extension name → the discovery document's field. */
    private static final Map<String, String> OAUTH_URI_FIELDS = new java.util.LinkedHashMap<>();

    static {
        OAUTH_URI_FIELDS.put("authorize", "authorization_endpoint");
        OAUTH_URI_FIELDS.put("token", "token_endpoint");
        OAUTH_URI_FIELDS.put("introspect", "introspection_endpoint");
        OAUTH_URI_FIELDS.put("revoke", "revocation_endpoint");
        OAUTH_URI_FIELDS.put("manage", "management_endpoint");
        OAUTH_URI_FIELDS.put("register", "registration_endpoint");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI source;
    private final Duration ttl;
    private final Clock clock;
    private final HttpClient http;

    private Fetched current;
    private Instant nextAttempt = Instant.MIN;

    /** {@code source}: the realm's {@code /.well-known/smart-configuration} URL on Keycloak. */
    public SmartDiscoveryInterceptor(URI source) {
        this(source, DEFAULT_TTL, Clock.systemUTC());
    }

    SmartDiscoveryInterceptor(URI source, Duration ttl, Clock clock) {
        if (!"https".equals(source.getScheme()) && !("http".equals(source.getScheme()) && isLoopback(source.getHost()))) {
            throw new IllegalArgumentException("the SMART configuration must be fetched over https (http on loopback only): " + source);
        }
        this.source = source;
        this.ttl = ttl;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static boolean isLoopback(String host) {
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }

    /** Answers the well-known path before HAPI takes {@code .well-known} for a resource type (HAPI-0302). */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean serveWellKnown(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!WELL_KNOWN_PATH.equals(request.getPathInfo())) {
            return true;
        }
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setHeader("Cache-Control", "no-cache");
        if ("OPTIONS".equals(request.getMethod())) {
            response.setHeader("Access-Control-Allow-Methods", "GET");
            response.setHeader("Access-Control-Allow-Headers", "Accept");
            response.setStatus(204);
            return false;
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD, OPTIONS");
            writeJson(response, 405, error("invalid_request", "only GET is supported here"));
            return false;
        }
        Fetched document = document();
        if (document == null) {
            writeJson(response, 502, error("temporarily_unavailable",
                    "the authorization server's SMART configuration could not be fetched; try again shortly"));
            return false;
        }
        writeJson(response, 200, document.body());
        return false;
    }

    /** Adds {@code rest[0].security}: SMART-on-FHIR and the endpoints as {@code oauth-uris}. */
    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void describeSecurity(IBaseConformance capabilityStatement) {
        if (!(capabilityStatement instanceof CapabilityStatement statement)) {
            return; // another FHIR version: this recipe covers R4
        }
        Fetched document = document();
        if (document == null) {
            throw new BadGateway("the authorization server's SMART configuration could not be fetched; try again shortly");
        }
        CapabilityStatementRestComponent rest = statement.getRest().isEmpty() ? statement.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER) : statement.getRestFirstRep();
        CapabilityStatementRestSecurityComponent security = rest.getSecurity();
        security.setCors(true);
        security.getService().removeIf(c -> c.hasCoding(SECURITY_SERVICE_SYSTEM, SECURITY_SERVICE_CODE));
        security.addService(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(SECURITY_SERVICE_SYSTEM,
                SECURITY_SERVICE_CODE, "SMART on FHIR")).setText("OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)"));
        security.getExtension().removeIf(e -> OAUTH_URIS.equals(e.getUrl()));
        Extension uris = security.addExtension().setUrl(OAUTH_URIS);
        OAUTH_URI_FIELDS.forEach((name, field) -> {
            JsonNode value = document.json().get(field);
            if (value != null && value.isTextual()) {
                uris.addExtension(name, new UriType(value.asText()));
            }
        });
    }

    /** The current document: cached, refetched after {@code ttl}, the last good one kept while Keycloak fails. */
    synchronized Fetched document() {
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.fetchedAt().plus(ttl))) {
            return current;
        }
        if (now.isBefore(nextAttempt)) {
            return current;
        }
        Fetched fresh = fetch(now);
        if (fresh == null) {
            nextAttempt = now.plus(RETRY_AFTER_FAILURE);
            return current;
        }
        current = fresh;
        return current;
    }

    private Fetched fetch(Instant now) {
        try {
            HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(source).timeout(FETCH_TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = answer.body()) {
                body = in.readNBytes(MAX_BYTES + 1);
            }
            if (answer.statusCode() != 200 || body.length > MAX_BYTES) {
                return null;
            }
            JsonNode json = JSON.readTree(body);
            if (json == null || !json.isObject() || !json.path("authorization_endpoint").isTextual()
                    || !json.path("token_endpoint").isTextual()) {
                return null;
            }
            return new Fetched(body, json, now);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static byte[] error(String code, String description) {
        try {
            return JSON.writeValueAsBytes(Map.of("error", code, "error_description", description));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeJson(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    record Fetched(byte[] body, JsonNode json, Instant fetchedAt) {
    }

    /** 502: the upstream authorization server did not answer usefully (RFC 9110 §15.6.3). */
    static final class BadGateway extends BaseServerResponseException {
        private static final long serialVersionUID = 1L;

        BadGateway(String message) {
            super(502, message);
        }
    }
}
