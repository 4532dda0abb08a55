package org.smartfhir.keycloak.bench.load;

/** One measured phase: closed-loop throughput and latency of one flow against one server variant. */
public record LoadResult(String flow, String variant, int threads, long requests, long errors, double seconds,
                         double p50Millis, double p99Millis) {

    /** Successful requests per second. */
    public double throughput() {
        return (requests - errors) / seconds;
    }
}
