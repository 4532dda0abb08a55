package org.smartfhir.keycloak.bench.load;

/**
 * One measured phase: closed-loop throughput and latency of one flow against one server variant, and the CPU time the
 * server process used meanwhile (robust to what the load generator, on the same cores, takes from it).
 */
public record LoadResult(String flow, String variant, int threads, long requests, long errors, double seconds,
                         double p50Millis, double p99Millis, double serverCpuMillis) {

    /** Successful requests per second. */
    public double throughput() {
        return (requests - errors) / seconds;
    }

    /** Server CPU milliseconds per successful request. */
    public double cpuMillisPerRequest() {
        return serverCpuMillis / Math.max(1, requests - errors);
    }

    LoadResult withServerCpu(double millis) {
        return new LoadResult(flow, variant, threads, requests, errors, seconds, p50Millis, p99Millis, millis);
    }
}
