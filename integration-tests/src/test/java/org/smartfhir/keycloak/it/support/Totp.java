package org.smartfhir.keycloak.it.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.smartfhir.keycloak.harness.poll.Poll;

/**
 * The user's authenticator app: RFC 6238 TOTP with Keycloak's defaults (HMAC-SHA1, 6 digits, 30 s), keyed with the
 * secret's bytes as Keycloak stores them.
 */
public final class Totp {

    private final String secret;
    /** The codes this app typed lately: Keycloak accepts each code once. */
    private final java.util.Deque<String> typed = new java.util.ArrayDeque<>();

    private Totp(String secret) {
        this.secret = secret;
    }

    public static Totp random() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return new Totp(s.toString());
    }

    /** The authenticator app after scanning Keycloak's QR code: the raw secret from the setup page. */
    public static Totp of(String secret) {
        return new Totp(secret);
    }

    public String secret() {
        return secret;
    }

    /** The code for the current 30-second time step, as the app on the user's phone shows it. */
    public String now() {
        return at(step());
    }

    /**
     * What a person does when the server says "Invalid authenticator code": type the code the app shows now. If the
     * refused code was computed in an earlier step (this machine's clock has been seen to jump between computing and
     * checking), that is the current step's code; otherwise the next step's, which the server accepts when its clock
     * is ahead. Never a loosened check: Keycloak still accepts only its own window.
     */
    public synchronized String retryAfter(String refused) {
        String current = at(step());
        return remember(current.equals(refused) ? at(step() + 1) : current);
    }

    /**
     * The code to type for a sign-in: the current one, unless this app already typed it (Keycloak accepts each code
     * once, and a user who signs in twice within one 30-second step has to wait for the next) — then the next one,
     * once the app shows it (the same for a code set up or retried). Waiting beats a quick second guess: two refusals within a second are Keycloak's
     * quick-login brute-force signal and lock the account for a minute.
     */
    public synchronized String unusedNow() {
        Poll.until("the authenticator app shows a new code", Duration.ofSeconds(65), () -> !typed.contains(now()));
        return remember(now());
    }

    private String remember(String code) {
        typed.addLast(code);
        if (typed.size() > 8) {
            typed.removeFirst();
        }
        return code;
    }

    private static long step() {
        return System.currentTimeMillis() / 1000 / 30;
    }

    private String at(long counter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = hash[hash.length - 1] & 0xf;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
