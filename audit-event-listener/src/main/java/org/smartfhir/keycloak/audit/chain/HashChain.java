package org.smartfhir.keycloak.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 hash chain over a realm's audit records (HIPAA §164.312(c)(1) integrity): each record's hash covers its
 * sequence number, its canonical text and the previous record's hash, so editing, deleting, inserting or reordering
 * a stored record breaks every link after it. Anchoring the newest hash outside the database (every shipped record
 * carries its hash) is what stops someone who can rewrite the whole table from recomputing the chain.
 */
public final class HashChain {

    /** The "previous hash" of a realm's first record. */
    public static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    /** The record that follows {@code previous} ({@code null} for the realm's first). */
    public static ChainedRecord next(ChainedRecord previous, String canonical) {
        long sequence = previous == null ? 1 : previous.sequence() + 1;
        String previousHash = previous == null ? GENESIS : previous.hash();
        return new ChainedRecord(sequence, previousHash, hash(previousHash, sequence, canonical), canonical);
    }

    static String hash(String previousHash, long sequence, String canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(Long.toString(sequence).getBytes(StandardCharsets.US_ASCII));
            sha.update((byte) '\n');
            sha.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
