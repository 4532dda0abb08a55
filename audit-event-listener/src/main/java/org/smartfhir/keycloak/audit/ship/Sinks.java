package org.smartfhir.keycloak.audit.ship;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.keycloak.models.KeycloakSession;
import org.keycloak.truststore.JSSETruststoreConfigurator;

/**
 * Builds the configured sinks. TLS trust is Keycloak's own ({@code --truststore-paths}, else the JVM's), so the audit
 * repository's CA is configured in the same place as every other outgoing TLS connection of the server.
 */
public final class Sinks {

    private Sinks() {
    }

    public static List<AuditSink> create(ShippingSettings settings, KeycloakSession session) {
        List<AuditSink> sinks = new ArrayList<>();
        Clock clock = new KeycloakClock();
        if (settings.filePath() != null) {
            sinks.add(new JsonLinesFileSink(Path.of(settings.filePath()), settings.fileMaxBytes(), clock));
        }
        if (settings.syslogHost() != null) {
            sinks.add(new SyslogTlsSink(settings.syslogHost(), settings.syslogPort(), tls(settings, session),
                    settings.syslogTimeoutMillis(), settings.syslogConfirmMillis(), localHostName(),
                    settings.syslogAppName(), "smart-audit@" + settings.syslogEnterpriseNumber(), clock));
        }
        if (settings.fhirUrl() != null) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            sinks.add(new FhirAuditSink(URI.create(settings.fhirUrl()), settings.fhirAuthorization(), http,
                    Duration.ofMillis(settings.fhirTimeoutMillis())));
        }
        return sinks;
    }

    private static SSLContext tls(ShippingSettings settings, KeycloakSession session) {
        try {
            TrustManager[] trust = new JSSETruststoreConfigurator(session).getTrustManagers();
            KeyManager[] keys = null;
            if (settings.syslogKeyStore() != null) {
                Path path = Path.of(settings.syslogKeyStore());
                String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                KeyStore store = KeyStore.getInstance(name.endsWith(".jks") ? "JKS" : "PKCS12");
                char[] password = settings.syslogKeyStorePassword() == null ? new char[0]
                        : settings.syslogKeyStorePassword().toCharArray();
                try (InputStream in = Files.newInputStream(path)) {
                    store.load(in, password);
                }
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, password);
                keys = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("smart-audit-listener: cannot set up TLS for the syslog sink: " + e.getMessage(), e);
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "keycloak";
        }
    }
}
