package org.smartfhir.keycloak.audit.chain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Re-verifies the hash chain of shipped JSON Lines audit files, with nothing but a JDK: a compliance officer runs
 * {@code java AuditFileVerifier.java audit-20261101T000000Z.jsonl … audit.jsonl} (this one source file, single-file
 * launch, JDK 11+) or {@code java -cp smart-audit-event-listener-*.jar org.smartfhir.keycloak.audit.chain.AuditFileVerifier
 * files…}, oldest file first. It depends on no other class of the pack on purpose, so that what checks the trail is
 * small enough to read.
 *
 * <p>The chain, per realm: record {@code n}'s {@code hash} is the lowercase hex SHA-256 of the bytes
 * {@code prevHash} (64 ASCII hex digits), a line feed (0x0A), {@code n} in ASCII decimal, a line feed, and the record's
 * canonical JSON in UTF-8 exactly as stored (the line's {@code record} value, byte for byte: it is the last member of
 * the line, so it is everything after {@code ,"record":} up to the line's closing brace); {@code prevHash} is record
 * {@code n-1}'s {@code hash}, or 64 zeros for the realm's record 1. A file may start mid-chain (rotation, retention),
 * which is reported; a line repeated by at-least-once delivery is counted once.
 *
 * <p>Exit status: 0 every realm's chain intact, 1 a break (named with its sequence and reason), 2 unreadable input.
 */
public final class AuditFileVerifier {

    static final String GENESIS = "0".repeat(64);
    private static final String RECORD_MEMBER = ",\"record\":";

    /** How one realm's chain stands after the lines read so far. */
    static final class Realm {
        long first = -1;
        long last = -1;
        String lastHash;
        long checked;
        String broken;
    }

    private final Map<String, Realm> realms = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out));
    }

    /** Checks the files, oldest first, printing one line per realm; returns the exit status. */
    public static int run(List<String> files, PrintStream out) {
        if (files.isEmpty()) {
            out.println("usage: java AuditFileVerifier.java <file.jsonl>... (oldest first)");
            return 2;
        }
        AuditFileVerifier verifier = new AuditFileVerifier();
        for (String file : files) {
            try (BufferedReader lines = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                int number = 0;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    number++;
                    if (!line.isBlank() && !verifier.accept(line)) {
                        out.println(file + ":" + number + ": not an audit line");
                        return 2;
                    }
                }
            } catch (IOException e) {
                out.println(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
                return 2;
            }
        }
        boolean intact = true;
        for (Map.Entry<String, Realm> entry : verifier.realms.entrySet()) {
            Realm r = entry.getValue();
            String span = "records " + r.first + ".." + r.last + " (" + r.checked + " checked"
                    + (r.first > 1 ? ", starts after record " + (r.first - 1) + ": rotated or purged before" : "") + ")";
            out.println("realm " + entry.getKey() + ": " + span + ": " + (r.broken == null ? "intact" : "BROKEN " + r.broken));
            intact &= r.broken == null;
        }
        return intact ? 0 : 1;
    }

    /** Reads one line; false when it is not an audit line at all. */
    boolean accept(String line) {
        String realmId = text(line, "realmId");
        String prevHash = text(line, "prevHash");
        String hash = text(line, "hash");
        Long sequence = number(line, "seq");
        int record = line.indexOf(RECORD_MEMBER);
        if (realmId == null || prevHash == null || hash == null || sequence == null || record < 0 || !line.endsWith("}")) {
            return false;
        }
        String canonical = line.substring(record + RECORD_MEMBER.length(), line.length() - 1);
        Realm realm = realms.computeIfAbsent(realmId, id -> new Realm());
        if (realm.broken != null) {
            return true;
        }
        if (realm.last >= 0 && sequence <= realm.last) {
            if (sequence == realm.last && hash.equals(realm.lastHash)) {
                return true; // delivered twice
            }
            realm.broken = "at record " + sequence + ": out of order after record " + realm.last;
            return true;
        }
        if (realm.last >= 0 && sequence != realm.last + 1) {
            realm.broken = "at record " + (realm.last + 1) + ": missing (the next line is record " + sequence + ")";
            return true;
        }
        if (realm.last < 0 && sequence == 1 && !prevHash.equals(GENESIS)) {
            realm.broken = "at record 1: its previous hash is not 64 zeros";
            return true;
        }
        if (realm.last >= 0 && !prevHash.equals(realm.lastHash)) {
            realm.broken = "at record " + sequence + ": previous-hash does not match record " + realm.last;
            return true;
        }
        if (!hash.equals(hash(prevHash, sequence, canonical))) {
            realm.broken = "at record " + sequence + ": edited (its hash does not match its content)";
            return true;
        }
        if (realm.first < 0) {
            realm.first = sequence;
        }
        realm.last = sequence;
        realm.lastHash = hash;
        realm.checked++;
        return true;
    }

    /** The chain's hash, as the class comment specifies it. */
    static String hash(String previousHash, long sequence, String canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((previousHash + "\n" + sequence + "\n").getBytes(StandardCharsets.US_ASCII));
            sha.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A top-level string member written by the sink (ids and hex digests: no escapes in them). */
    private static String text(String line, String name) {
        String key = "\"" + name + "\":\"";
        int start = line.indexOf(key);
        int record = line.indexOf(RECORD_MEMBER);
        if (start < 0 || (record >= 0 && start > record)) {
            return null;
        }
        int end = line.indexOf('"', start + key.length());
        return end < 0 ? null : line.substring(start + key.length(), end);
    }

    private static Long number(String line, String name) {
        String key = "\"" + name + "\":";
        int start = line.indexOf(key);
        int record = line.indexOf(RECORD_MEMBER);
        if (start < 0 || (record >= 0 && start > record)) {
            return null;
        }
        int end = start + key.length();
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        try {
            return Long.parseLong(line.substring(start + key.length(), end));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
