package org.smartfhir.keycloak.audit.ship;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.smartfhir.keycloak.audit.atna.DicomAuditMessage;
import org.smartfhir.keycloak.audit.atna.SyslogMessage;
import org.smartfhir.keycloak.audit.record.AuditRecord;

/**
 * Records as ATNA audit messages over syslog on TLS (RFC 5424 messages, RFC 5425 transport), to an audit repository or
 * SIEM. The server's certificate is checked against Keycloak's truststore and its host name; a client certificate is
 * presented when one is configured (ATNA secure nodes authenticate both ends).
 *
 * <p>Syslog has no acknowledgements: bytes accepted by the socket may still be lost if the receiver dies before
 * reading them. So a record written on a connection is confirmed only once the connection is seen alive at least
 * {@code confirmAfterMillis} later; if it has died by then, the unconfirmed records are sent again on a new connection
 * (at least once; receivers drop repeats by the record id in the structured data).
 */
public final class SyslogTlsSink implements AuditSink {

    private final String host;
    private final int port;
    private final SSLContext tls;
    private final int timeoutMillis;
    private final long confirmAfterMillis;
    private final String hostname;
    private final String appName;
    private final String sdId;
    private final Clock clock;
    private final Map<String, Deque<long[]>> unconfirmed = new HashMap<>();
    private final Map<String, Long> writtenThrough = new HashMap<>();
    private SSLSocket socket;
    private OutputStream out;
    private InputStream in;

    public SyslogTlsSink(String host, int port, SSLContext tls, int timeoutMillis, long confirmAfterMillis,
                         String hostname, String appName, String sdId, Clock clock) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.timeoutMillis = timeoutMillis;
        this.confirmAfterMillis = confirmAfterMillis;
        this.hostname = hostname;
        this.appName = appName;
        this.sdId = sdId;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "syslog";
    }

    @Override
    public long resumeAfter(String realmId, long confirmed) {
        return Math.max(confirmed, writtenThrough.getOrDefault(realmId, confirmed));
    }

    @Override
    public boolean pending(String realmId) {
        Deque<long[]> waiting = unconfirmed.get(realmId);
        return waiting != null && !waiting.isEmpty();
    }

    @Override
    public long deliver(String realmId, List<ShippedRecord> batch, long confirmed) throws IOException {
        if (socket != null && !alive()) {
            drop();
            throw new IOException("the syslog receiver closed the connection; unconfirmed records are sent again");
        }
        long now = clock.millis();
        if (!batch.isEmpty()) {
            try {
                connect();
                for (ShippedRecord r : batch) {
                    AuditRecord record = r.record();
                    out.write(SyslogMessage.frame(record.recorded(), hostname, appName, null, sdId, r.id(),
                            r.realmId(), r.sequence(), r.hash(), DicomAuditMessage.render(record, hostname)));
                }
                out.flush();
            } catch (IOException e) {
                drop();
                throw e;
            }
            long last = batch.get(batch.size() - 1).sequence();
            unconfirmed.computeIfAbsent(realmId, k -> new ArrayDeque<>()).addLast(new long[] {last, now});
            writtenThrough.put(realmId, last);
        }
        long through = confirmed;
        Deque<long[]> waiting = unconfirmed.get(realmId);
        while (waiting != null && !waiting.isEmpty() && waiting.peekFirst()[1] <= now - confirmAfterMillis) {
            through = Math.max(through, waiting.pollFirst()[0]);
        }
        return through;
    }

    private void connect() throws IOException {
        if (socket != null) {
            return;
        }
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
        try {
            SSLParameters parameters = s.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            s.setSSLParameters(parameters);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.setKeepAlive(true);
            s.startHandshake();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
        in = s.getInputStream();
    }

    /** A receiver never sends: end of stream or an error means it went away; a read timeout means it is still there. */
    private boolean alive() {
        try {
            socket.setSoTimeout(1);
            int read = in.read();
            socket.setSoTimeout(timeoutMillis);
            return read != -1;
        } catch (SocketTimeoutException stillThere) {
            try {
                socket.setSoTimeout(timeoutMillis);
                return true;
            } catch (IOException e) {
                return false;
            }
        } catch (IOException gone) {
            return false;
        }
    }

    private void drop() {
        unconfirmed.clear();
        writtenThrough.clear();
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
        socket = null;
        out = null;
        in = null;
    }

    @Override
    public void close() {
        drop();
    }
}
