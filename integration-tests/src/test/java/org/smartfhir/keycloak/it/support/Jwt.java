package org.smartfhir.keycloak.it.support;

import java.text.ParseException;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Reads the claims of a token Keycloak issued (signature checks belong to the tests that need them). */
public final class Jwt {

    private Jwt() {
    }

    public static Map<String, Object> claims(String token) {
        try {
            JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
            return claims.toJSONObject();
        } catch (ParseException e) {
            throw new AssertionError("not a JWT: " + e.getMessage());
        }
    }
}
