package org.smartfhir.keycloak.harness.tls;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;

/**
 * A real RFC 5425 syslog-over-TLS receiver on loopback, as an ATNA audit repository would run one: octet-counted
 * frames, optional client-certificate authentication. {@link #crash()} drops every connection with a reset and stops
 * listening (what a receiver's host going down looks like to the sender); {@link #start()} listens again on the same
 * port. Keeps every message received, in order, with the record id and chain position from its structured data.
 */
public final class SyslogTlsReceiver implements AutoCloseable {

    /** One received message. */
    public record Message(String header, String id, String realmId, long sequence, String body) {
    }

    private static final Pattern SD = Pattern.compile("\\[smart-audit@[0-9.]+ id=\"([^\"]*)\" realm=\"([^\"]*)\" seq=\"([0-9]+)\"");

    private final SelfSignedTls identity;
    private final SelfSignedTls trustedClient;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> malformed = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();
    private int port;
    private volatile SSLServerSocket server;

    /** @param trustedClient the client certificate to require, or {@code null} for server-only TLS */
    public SyslogTlsReceiver(SelfSignedTls identity, SelfSignedTls trustedClient) {
        this.identity = identity;
        this.trustedClient = trustedClient;
    }

    public synchronized SyslogTlsReceiver start() {
        try {
            SSLServerSocket s = (SSLServerSocket) (trustedClient == null ? identity.context() : identity.context(trustedClient))
                    .getServerSocketFactory().createServerSocket();
            s.setReuseAddress(true);
            s.setNeedClientAuth(trustedClient != null);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            port = s.getLocalPort();
            server = s;
            Thread accept = new Thread(() -> accept(s), "syslog-receiver-accept");
            accept.setDaemon(true);
            accept.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    private void accept(SSLServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket connection = s.accept();
                connections.add(connection);
                Thread reader = new Thread(() -> read(connection), "syslog-receiver-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void read(Socket connection) {
        try (InputStream in = new BufferedInputStream(connection.getInputStream())) {
            while (true) {
                int length = 0;
                int c;
                while ((c = in.read()) != ' ') {
                    if (c == -1) {
                        return;
                    }
                    if (c < '0' || c > '9') {
                        malformed.merge("bad frame length", 1, Integer::sum);
                        return;
                    }
                    length = length * 10 + (c - '0');
                }
                byte[] frame = in.readNBytes(length);
                if (frame.length < length) {
                    return;
                }
                parse(new String(frame, StandardCharsets.UTF_8));
            }
        } catch (SSLException handshake) {
            refused.incrementAndGet(); // an untrusted or missing client certificate: the alert is sent, then this
        } catch (IOException dropped) {
            // connection closed or reset
        } finally {
            connections.remove(connection);
        }
    }

    private void parse(String message) {
        int bom = message.indexOf('\uFEFF');
        String header = bom < 0 ? message : message.substring(0, bom);
        String body = bom < 0 ? "" : message.substring(bom + 1);
        Matcher sd = SD.matcher(header);
        if (!sd.find()) {
            malformed.merge("no smart-audit structured data", 1, Integer::sum);
            return;
        }
        messages.add(new Message(header, sd.group(1), sd.group(2), Long.parseLong(sd.group(3)), body));
    }

    /** Stops listening and resets every open connection, without reading what is still in flight. */
    public synchronized void crash() {
        try {
            if (server != null) {
                server.close();
            }
            for (Socket connection : connections) {
                connection.setSoLinger(true, 0);
                connection.close();
            }
        } catch (IOException ignored) {
            // going down anyway
        }
        connections.clear();
    }

    public List<Message> messages() {
        return new ArrayList<>(messages);
    }

    /** Connections this receiver refused in the TLS handshake (for example, no client certificate). */
    public int refusedConnections() {
        return refused.get();
    }

    /** Frames that could not be read, by problem (should stay empty). */
    public Map<String, Integer> malformed() {
        return Map.copyOf(malformed);
    }

    @Override
    public void close() {
        crash();
    }
}
