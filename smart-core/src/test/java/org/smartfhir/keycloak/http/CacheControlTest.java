package org.smartfhir.keycloak.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheControlTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL                           | 300",
            "''                             | 300",
            "public                         | 300",
            "max-age=0                      | 0",
            "max-age=60                     | 60",
            "MAX-AGE=60, public             | 60",
            "public, max-age=\"120\"        | 120",
            "max-age=999999                 | 3600",
            "max-age=60, max-age=30         | 30",
            "no-store                       | 0",
            "max-age=600, no-cache          | 0",
            "no-cache=\"set-cookie\"        | 0",
            "max-age=-5                     | 0",
            "max-age=abc                    | 0",
            "max-age=                       | 0",
            "max-age=99999999999999999999   | 0",
            "must-revalidate, max-age=10    | 10",
    })
    void lifetimeFollowsTheHeaderWithinBounds(String header, long expected) {
        assertEquals(expected, CacheControl.lifetimeSeconds(header, 300, 3600));
    }
}
