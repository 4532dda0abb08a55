package org.smartfhir.keycloak.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The load balancer in front of a Keycloak cluster, on loopback: the cluster's one public URL (every node's
 * {@code --hostname}), forwarding each request to the node the test chooses, as a sticky balancer would. The node is
 * the one named by the request header {@value #NODE_HEADER} if present (for concurrent requests to different
 * nodes), else the current {@link #routeTo route}. A node that does not answer gives 502, as a real balancer would.
 */
public final class LoopbackBalancer implements AutoCloseable {

    public static final String NODE_HEADER = "X-Test-Node";
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", NODE_HEADER.toLowerCase(Locale.ROOT));

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> nodes;
    private final Map<String, java.util.concurrent.atomic.AtomicLong> served = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile String route;

    /** {@code nodes}: name to base URL ({@code http://127.0.0.1:port}); routes to the first until told otherwise. */
    public LoopbackBalancer(int port, Map<String, String> nodes, String firstRoute) throws IOException {
        this.nodes = Map.copyOf(nodes);
        this.route = firstRoute;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests {@code node} has answered so far (to prove a test really crossed nodes). */
    public long served(String node) {
        return served.computeIfAbsent(node, n -> new java.util.concurrent.atomic.AtomicLong()).get();
    }

    /** Sends every later request without a node header to {@code node}. */
    public void routeTo(String node) {
        if (!nodes.containsKey(node)) {
            throw new IllegalArgumentException("no node " + node);
        }
        this.route = node;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String header = exchange.getRequestHeaders().getFirst(NODE_HEADER);
            String node = header != null ? header : route;
            String target = nodes.get(node);
            if (target == null) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().toString()))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException down) {
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            served.computeIfAbsent(node, n -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, List.copyOf(values));
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
