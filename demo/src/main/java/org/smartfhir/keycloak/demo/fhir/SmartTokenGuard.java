package org.smartfhir.keycloak.demo.fhir;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.Set;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The demo FHIR server's resource-server side of SMART: every request needs a bearer token signed by the realm
 * (checked against its JWKS), issued by it, for this FHIR server ({@code aud}), unexpired, whose scopes and patient
 * context allow the read or search ({@link ReadAccess}). Answers 401 or 403 otherwise. Also answers CORS for the
 * sample app's origin, so a browser app can call it.
 */
@Interceptor
public final class SmartTokenGuard {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String appOrigin;

    SmartTokenGuard(String issuer, String audience, String appOrigin) {
        this.appOrigin = appOrigin;
        try {
            JWKSource<SecurityContext> keys = JWKSourceBuilder.create(new URL(issuer + "/protocol/openid-connect/certs"))
                    .retrying(true).build();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256,
                    JWSAlgorithm.PS256), keys));
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "scope")));
    }

    /** CORS for the sample app: preflights answered here, the allowed origin on every answer. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean cors(HttpServletRequest request, HttpServletResponse response) {
        if (appOrigin.equals(request.getHeader("Origin"))) {
            response.setHeader("Access-Control-Allow-Origin", appOrigin);
            response.setHeader("Vary", "Origin");
            if ("OPTIONS".equals(request.getMethod())) {
                response.setHeader("Access-Control-Allow-Methods", "GET");
                response.setHeader("Access-Control-Allow-Headers", "Authorization, Accept");
                response.setHeader("Access-Control-Max-Age", "600");
                response.setStatus(204);
                return false;
            }
        }
        return true;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void authorize(RequestDetails request) {
        if (request.getRestOperationType() == RestOperationTypeEnum.METADATA) {
            return; // the CapabilityStatement is public
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthenticationException("a SMART access token is required (Authorization: Bearer)");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(header.substring(7).trim(), null);
        } catch (Exception e) {
            throw new AuthenticationException("the access token is not valid for this server");
        }
        String type = request.getResourceName();
        boolean search = request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE;
        boolean read = request.getRestOperationType() == RestOperationTypeEnum.READ;
        if (!(search || read) || !ReadAccess.scopeAllows((String) claims.getClaim("scope"), type, search)) {
            throw new ForbiddenOperationException("the token's scopes do not allow this " + (search ? "search" : "request"));
        }
        String requested;
        if (read) {
            requested = type.equals("Patient") ? request.getId().getIdPart() : null;
        } else if (type.equals("Patient")) {
            String[] id = request.getParameters().get("_id");
            requested = id == null ? null : id[0];
        } else {
            String[] patient = request.getParameters().get("patient");
            requested = patient == null ? null : patient[0].replace("Patient/", "");
        }
        if (!ReadAccess.compartmentAllows((String) claims.getClaim("patient"), requested)) {
            throw new ForbiddenOperationException("the token reaches its patient's records only");
        }
    }
}
