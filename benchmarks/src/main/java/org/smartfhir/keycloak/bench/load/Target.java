package org.smartfhir.keycloak.bench.load;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One server under test as the load generator sees it: its backend service, its web app and user, and the grants the
 * launch phases left for the refresh and introspection phases (refresh tokens rotate, so each is used once and its
 * successor goes back in the pool; the newest access tokens are kept for introspection, well inside their lifespan).
 */
final class Target {

    private static final int KEPT_ACCESS_TOKENS = 500;

    final String name;
    final ProcessHandle server;
    final BackendClient backend;
    final String backendScope;
    final LaunchClient app;
    /** Users not signing in right now: Keycloak's brute-force protection refuses concurrent sign-ins of one user. */
    private final ConcurrentLinkedQueue<String> idleUsers;
    private final String password;
    private final ConcurrentLinkedQueue<String> refreshTokens = new ConcurrentLinkedQueue<>();
    private final String[] accessTokens = new String[KEPT_ACCESS_TOKENS];
    private int nextAccess;
    private int accessCount;

    Target(String name, ProcessHandle server, BackendClient backend, String backendScope, LaunchClient app, List<String> usernames, String password) {
        this.name = name;
        this.server = server;
        this.backend = backend;
        this.backendScope = backendScope;
        this.app = app;
        this.idleUsers = new ConcurrentLinkedQueue<>(usernames);
        this.password = password;
    }

    /** CPU time the server has used so far: kc.sh's process and the JVM it runs as a child. */
    double serverCpuMillis() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(server), server.descendants())
                .mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(0.0)).sum();
    }

    boolean backendToken() throws Exception {
        return backend.token(backendScope);
    }

    boolean launch() throws Exception {
        String username = idleUsers.poll();
        if (username == null) {
            throw new IllegalStateException("fewer users than client threads");
        }
        try {
            keep(app.launch(username, password));
        } finally {
            idleUsers.add(username);
        }
        return true;
    }

    boolean refresh() throws Exception {
        String refreshToken = refreshTokens.poll();
        if (refreshToken == null) {
            throw new NoSuchElementException("no refresh token left: every grant's token is in flight or was refused");
        }
        keep(app.refresh(refreshToken));
        return true;
    }

    boolean introspect() throws Exception {
        String token;
        synchronized (accessTokens) {
            if (accessCount == 0) {
                throw new NoSuchElementException("no access token to introspect");
            }
            token = accessTokens[ThreadLocalRandom.current().nextInt(accessCount)];
        }
        return app.introspectActive(token);
    }

    private void keep(LaunchClient.Tokens tokens) {
        refreshTokens.add(tokens.refreshToken());
        synchronized (accessTokens) {
            accessTokens[nextAccess] = tokens.accessToken();
            nextAccess = (nextAccess + 1) % KEPT_ACCESS_TOKENS;
            accessCount = Math.min(accessCount + 1, KEPT_ACCESS_TOKENS);
        }
    }
}
