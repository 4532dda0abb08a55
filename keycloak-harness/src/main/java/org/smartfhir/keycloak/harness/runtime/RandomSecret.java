package org.smartfhir.keycloak.harness.runtime;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random admin passwords for throwaway servers, so that no fixed credential exists in any run. */
public final class RandomSecret {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomSecret() {
    }

    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
