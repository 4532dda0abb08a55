package org.smartfhir.keycloak.audit.ship;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.smartfhir.keycloak.http.OutboundUrls;

/**
 * The shipper's settings, read from the listener's SPI options
 * ({@code --spi-events-listener--smart-audit-listener--<kebab-case name>}). A value that cannot be read stops the
 * server at start with the option's name: a silently ignored sink would lose no records but ship none either.
 */
public record ShippingSettings(
        long shipIntervalMillis,
        int batchSize,
        Backoff backoff,
        String filePath,
        long fileMaxBytes,
        String syslogHost,
        int syslogPort,
        String syslogKeyStore,
        String syslogKeyStorePassword,
        String syslogAppName,
        String syslogEnterpriseNumber,
        int syslogTimeoutMillis,
        long syslogConfirmMillis,
        String fhirUrl,
        String fhirAuthorization,
        int fhirTimeoutMillis,
        Retention retention,
        long purgeIntervalMillis) {

    public static ShippingSettings read(Function<String, String> options) {
        Reader r = new Reader(options);
        String fhirUrl = r.text("fhirUrl");
        if (fhirUrl != null && (!OutboundUrls.isHttpsOrLoopback(fhirUrl) || !URI.create(fhirUrl).isAbsolute())) {
            // The value is not echoed: a URL may carry credentials (https://user:password@host), and this lands in the log.
            throw new IllegalArgumentException("smart-audit-listener option fhir-url must be an absolute https URL "
                    + "(plain http only on loopback)");
        }
        String enterprise = r.text("syslogEnterpriseNumber", "32473");
        if (!enterprise.matches("[0-9]+(\\.[0-9]+)*")) {
            throw new IllegalArgumentException("smart-audit-listener option syslog-enterprise-number must be an IANA "
                    + "private enterprise number: " + enterprise);
        }
        return new ShippingSettings(
                r.number("shipIntervalMillis", 1000, 100, 3_600_000),
                (int) r.number("batchSize", 500, 1, 5000),
                new Backoff(r.number("backoffFirstMillis", 1000, 1, 3_600_000),
                        r.number("backoffMaxMillis", 300_000, 1, 86_400_000)),
                r.text("filePath"),
                r.number("fileMaxBytes", 100L << 20, 4096, Long.MAX_VALUE),
                r.text("syslogHost"),
                (int) r.number("syslogPort", 6514, 1, 65535),
                r.text("syslogKeyStore"),
                r.text("syslogKeyStorePassword"),
                r.text("syslogAppName", "keycloak"),
                enterprise,
                (int) r.number("syslogTimeoutMillis", 5000, 100, 120_000),
                r.number("syslogConfirmMillis", 1000, 0, 60_000),
                fhirUrl,
                r.text("fhirAuthorization"),
                (int) r.number("fhirTimeoutMillis", 30_000, 100, 300_000),
                Retention.parse(r.text("retention", Retention.DEFAULT)),
                r.number("purgeIntervalMillis", 3_600_000, 500, 86_400_000));
    }

    /**
     * The settings as the log may show them: the key-store password and the FHIR sink's {@code Authorization} value
     * are secrets, so only whether they are set is shown (a record's generated {@code toString()} would print them).
     */
    @Override
    public String toString() {
        return "ShippingSettings[sinks=" + sinks() + ", shipIntervalMillis=" + shipIntervalMillis + ", batchSize="
                + batchSize + ", backoff=" + backoff + ", filePath=" + filePath + ", fileMaxBytes=" + fileMaxBytes
                + ", syslog=" + syslogHost + ":" + syslogPort + ", syslogKeyStore=" + syslogKeyStore
                + ", syslogKeyStorePassword=" + redacted(syslogKeyStorePassword) + ", syslogAppName=" + syslogAppName
                + ", syslogEnterpriseNumber=" + syslogEnterpriseNumber + ", fhirUrl=" + fhirUrl
                + ", fhirAuthorization=" + redacted(fhirAuthorization) + ", retention=" + retention
                + ", purgeIntervalMillis=" + purgeIntervalMillis + "]";
    }

    private static String redacted(String secret) {
        return secret == null ? "(not set)" : "(set)";
    }

    /** The names of the configured sinks, in shipping order. */
    public List<String> sinks() {
        List<String> names = new ArrayList<>();
        if (filePath != null) {
            names.add("file");
        }
        if (syslogHost != null) {
            names.add("syslog");
        }
        if (fhirUrl != null) {
            names.add("fhir");
        }
        return names;
    }

    private record Reader(Function<String, String> options) {

        String text(String key) {
            String value = options.apply(key);
            return value == null || value.isBlank() ? null : value.trim();
        }

        String text(String key, String fallback) {
            String value = text(key);
            return value == null ? fallback : value;
        }

        long number(String key, long fallback, long min, long max) {
            String value = text(key);
            if (value == null) {
                return fallback;
            }
            try {
                long n = Long.parseLong(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("smart-audit-listener option " + kebab(key) + " must be a whole number from "
                    + min + " to " + max + ", got '" + value + "'");
        }

        static String kebab(String camel) {
            return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        }
    }
}
