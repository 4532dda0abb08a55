package org.smartfhir.keycloak.harness.poll;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting for something a real peer does on its own time (a sealer that runs every 2 s, a shipper, a cluster view, a
 * receiver's refusal) by asking again until it happened or a deadline passed. A fixed sleep instead is either too short
 * on a loaded machine or wasted time on an idle one, and says nothing when it was too short.
 *
 * <p>The deadline is measured on the monotonic clock: it bounds the test's patience, it decides nothing in the product.
 */
public final class Poll {

    private static final long INTERVAL_MILLIS = 100;

    private Poll() {
    }

    /** Asks {@code done} until it says yes; fails naming {@code what} did not happen within {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier done) {
        until(what, timeout, done::getAsBoolean, Boolean.TRUE::equals);
    }

    /**
     * Asks {@code probe} until {@code accepted} takes its answer and returns that answer; fails with the last answer
     * seen when {@code timeout} passes first.
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> accepted) {
        T last = atMost(timeout, probe, accepted);
        if (!accepted.test(last)) {
            throw new AssertionError(what + ": not within " + timeout + "; last seen: " + last);
        }
        return last;
    }

    /**
     * Asks {@code probe} until {@code accepted} takes its answer or {@code timeout} passes, and returns the last answer
     * either way: for a caller that explains a miss better than "not within".
     */
    public static <T> T atMost(Duration timeout, Supplier<T> probe, Predicate<? super T> accepted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!accepted.test(last) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while polling", e);
            }
            last = probe.get();
        }
        return last;
    }
}
