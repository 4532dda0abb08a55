package org.smartfhir.keycloak.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboundUrlsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "https://keys.example.org/jwks.json, true",
            "HTTPS://keys.example.org/jwks.json, true",
            "http://localhost:8080/jwks, true",
            "http://127.0.0.1:9/jwks, true",
            "http://[::1]:9/jwks, true",
            "http://keys.example.org/jwks.json, false",
            "http://127.0.0.2/jwks, false",
            "http://localhost.example.org/jwks, false",
            "https://user:pass@keys.example.org/jwks, false",
            "ftp://keys.example.org/jwks, false",
            "file:///etc/passwd, false",
            "/relative/jwks, false",
            "https:///nohost, false",
            "'https://bad host/', false",
            "NULL, false",
    })
    void onlyTlsOrLoopback(String url, boolean allowed) {
        assertEquals(allowed, OutboundUrls.isHttpsOrLoopback(url));
    }
}
