package org.smartfhir.keycloak.audit.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartfhir.keycloak.harness.poll.Poll;
import org.smartfhir.keycloak.harness.tls.SelfSignedTls;
import org.smartfhir.keycloak.harness.tls.SyslogTlsReceiver;

/** The syslog sink against a real TLS receiver on loopback that requires a client certificate. */
class SyslogTlsSinkTest {

    @TempDir
    static Path dir;

    private static SelfSignedTls receiverIdentity;
    private static SelfSignedTls keycloakIdentity;
    private static SyslogTlsReceiver receiver;
    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.ofEpochMilli(millis.get()); }
    };

    @BeforeAll
    static void receiver() {
        receiverIdentity = SelfSignedTls.create(dir, "arr");
        keycloakIdentity = SelfSignedTls.create(dir, "keycloak");
        receiver = new SyslogTlsReceiver(receiverIdentity, keycloakIdentity).start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    private SyslogTlsSink sink(String host, SSLContext tls) {
        return new SyslogTlsSink(host, receiver.port(), tls, 2000, 1000, "kc-test", "keycloak", "smart-audit@32473", clock);
    }

    private static Set<Long> received(long from) {
        return receiver.messages().stream().map(SyslogTlsReceiver.Message::sequence).filter(s -> s >= from)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void awaitReceived(long from, int count) {
        Poll.until(count + " messages from " + from, Duration.ofSeconds(10), () -> received(from), r -> r.size() >= count);
    }

    @Test
    void aBatchIsConfirmedOnlyOnceTheConnectionOutlivesTheConfirmationDelay() throws Exception {
        try (SyslogTlsSink sink = sink("127.0.0.1", keycloakIdentity.context(receiverIdentity))) {
            assertEquals(0, sink.deliver("realm-a", Batches.of(1, 3), 0), "just written: not confirmed yet");
            assertTrue(sink.pending("realm-a"));
            assertEquals(3, sink.resumeAfter("realm-a", 0), "the next batch follows what was written");
            millis.addAndGet(1000);
            assertEquals(3, sink.deliver("realm-a", List.of(), 0));
            assertFalse(sink.pending("realm-a"));
        }
        awaitReceived(1, 3);
        SyslogTlsReceiver.Message first = receiver.messages().get(0);
        assertTrue(first.header().startsWith("<85>1 "), first.header());
        assertTrue(first.header().contains(" IHE+RFC-3881 "), first.header());
        assertTrue(first.body().startsWith("<AuditMessage>"), first.body());
        assertEquals("rec-1", first.id());
        assertTrue(receiver.malformed().isEmpty(), receiver.malformed().toString());
    }

    @Test
    void recordsInFlightWhenTheReceiverCrashesAreSentAgain() throws Exception {
        try (SyslogTlsSink sink = sink("localhost", keycloakIdentity.context(receiverIdentity))) {
            sink.deliver("realm-b", Batches.of(101, 5), 100);
            awaitReceived(101, 5);
            receiver.crash();
            IOException down = assertThrows(IOException.class, () -> sink.deliver("realm-b", Batches.of(106, 1), 100));
            assertTrue(down.getMessage().contains("sent again"), down.getMessage());
            assertEquals(100, sink.resumeAfter("realm-b", 100), "unconfirmed records are offered again");
            assertThrows(IOException.class, () -> sink.deliver("realm-b", Batches.of(101, 6), 100), "still down");
            receiver.start();
            assertEquals(100, sink.deliver("realm-b", Batches.of(101, 6), 100));
            millis.addAndGet(1500);
            assertEquals(106, sink.deliver("realm-b", List.of(), 100));
        }
        awaitReceived(101, 6);
        assertEquals(new TreeSet<>(List.of(101L, 102L, 103L, 104L, 105L, 106L)), received(101), "nothing lost");
    }

    @Test
    void aReceiverWhoseCertificateIsNotTrustedOrNotForTheHostIsRefused() {
        SelfSignedTls stranger = SelfSignedTls.create(dir, "stranger");
        try (SyslogTlsSink untrusted = sink("127.0.0.1", keycloakIdentity.context(stranger))) {
            assertThrows(IOException.class, () -> untrusted.deliver("realm-c", Batches.of(1, 1), 0));
        }
        try (SyslogTlsSink noClientCertificate = sink("127.0.0.1", SelfSignedTls.trusting(receiverIdentity))) {
            int refusedBefore = receiver.refusedConnections();
            IOException refused = null;
            try {
                noClientCertificate.deliver("realm-c", Batches.of(1, 1), 0);
                // TLS 1.3: the receiver's refusal arrives after the client's first write, and its alert reaches the
                // client a moment after the receiver counted it: the sink notices at one of its next deliveries.
                Poll.until("the receiver refuses the handshake", Duration.ofSeconds(10),
                        () -> receiver.refusedConnections() > refusedBefore);
                refused = Poll.atMost(Duration.ofSeconds(10), () -> {
                    millis.addAndGet(1000);
                    try {
                        noClientCertificate.deliver("realm-c", List.of(), 0);
                        return null;
                    } catch (IOException e) {
                        return e;
                    }
                }, e -> e != null);
            } catch (IOException atOnce) {
                refused = atOnce; // TLS 1.2, or the refusal already arrived
            }
            assertTrue(refused != null, "the receiver requires a client certificate: the sink must see the refusal");
        }
    }
}
