package org.smartfhir.keycloak.launch.handle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The opaque {@code launch} value an EHR hands to an app. 256 bits from {@link SecureRandom}, so it cannot be guessed
 * (the IG asks for an opaque value; the issue for at least 128 bits). The store key is a hash of it, scoped to the
 * realm: a cache dump or a log of store keys does not reveal usable handles, and a handle minted in one realm is
 * unknown in every other.
 */
public final class LaunchHandle {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;
    /** Base64url without padding of {@value #BYTES} bytes. */
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String KEY_PREFIX = "smart-launch.";

    private LaunchHandle() {
    }

    public static String mint() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Anything else cannot be one of ours: refused without touching the store. */
    public static boolean wellFormed(String handle) {
        return handle != null && FORMAT.matcher(handle).matches();
    }

    public static String storeKey(String realmId, String handle) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(handle.getBytes(StandardCharsets.US_ASCII));
            return KEY_PREFIX + realmId + "." + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
