package org.smartfhir.keycloak.harness.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for loopback TLS peers in tests (a syslog receiver, a client certificate), made with the
 * JDK's own {@code keytool}: a PKCS#12 key store and the certificate as PEM (what Keycloak's {@code --truststore-paths}
 * takes). Valid for {@code localhost} and {@code 127.0.0.1}, so host-name verification stays on.
 */
public record SelfSignedTls(Path keyStore, Path certificatePem, String password) {

    public static SelfSignedTls create(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path store = dir.resolve(name + ".p12");
            Path pem = dir.resolve(name + ".pem");
            Files.deleteIfExists(store);
            Files.deleteIfExists(pem);
            String password = "changeit-" + Long.toHexString(System.nanoTime());
            keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=" + name, "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "7",
                    "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password, "-keypass", password);
            keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", password,
                    "-file", pem.toString());
            return new SelfSignedTls(store, pem, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TLS context presenting this certificate, trusting only {@code trusted} (none: the JVM default trust). */
    public SSLContext context(SelfSignedTls... trusted) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                keys.load(in, password.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), trusted.length == 0 ? null : trustManagers(trusted), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client-side context that trusts only the given certificates and presents none. */
    public static SSLContext trusting(SelfSignedTls... trusted) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(trusted), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static javax.net.ssl.TrustManager[] trustManagers(SelfSignedTls... trusted)
            throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (SelfSignedTls t : trusted) {
            try (InputStream in = Files.newInputStream(t.certificatePem())) {
                trust.setCertificateEntry(t.certificatePem().getFileName().toString(),
                        (X509Certificate) x509.generateCertificate(in));
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
