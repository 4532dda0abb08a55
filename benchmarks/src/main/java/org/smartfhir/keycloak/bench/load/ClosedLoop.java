package org.smartfhir.keycloak.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator: {@code threads} callers each send the next request as soon as the last one answered,
 * for a fixed time. Only the request is timed; whatever the operation needs (signed assertions, codes) is prepared
 * before the phase. A request counts as an error when the operation returns false or throws; an operation that throws
 * {@link java.util.NoSuchElementException} has run out of prepared input and ends its caller without counting.
 */
public final class ClosedLoop {

    private ClosedLoop() {
    }

    public static LoadResult run(String flow, String variant, int threads, double seconds, Callable<Boolean> operation)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean exhausted = new AtomicBoolean();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[threads];
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[1 << 20];
            latencies.add(mine);
            int index = t;
            Thread worker = new Thread(() -> {
                try {
                    while (!stop.get() && counts[index] < mine.length) {
                        long start = System.nanoTime();
                        boolean ok;
                        try {
                            ok = operation.call();
                        } catch (java.util.NoSuchElementException outOfInput) {
                            exhausted.set(true);
                            return;
                        } catch (Exception e) {
                            ok = false;
                        }
                        mine[counts[index]++] = System.nanoTime() - start;
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "load-" + flow + "-" + t);
            worker.setDaemon(true);
            worker.start();
        }
        long begin = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        done.await();
        double elapsed = (System.nanoTime() - begin) / 1e9;
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        if (exhausted.get()) {
            throw new Exhausted(total);
        }
        return new LoadResult(flow, variant, threads, total, errors.get(), elapsed, percentile(all, 50), percentile(all, 99), Double.NaN);
    }

    /** The phase ran out of prepared input before its time was up: its figures would be wrong, so there are none. */
    public static final class Exhausted extends RuntimeException {
        public final long completed;

        Exhausted(long completed) {
            super("prepared input ran out after " + completed + " requests");
            this.completed = completed;
        }
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1));
        return sorted[index] / 1e6;
    }
}
