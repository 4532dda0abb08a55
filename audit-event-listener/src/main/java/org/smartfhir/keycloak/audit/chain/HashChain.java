package org.smartfhir.keycloak.audit.chain;

/**
 * SHA-256 hash chain over a realm's audit records (HIPAA §164.312(c)(1) integrity): each record's hash covers its
 * sequence number, its canonical text and the previous record's hash, so editing, deleting, inserting or reordering
 * a stored record breaks every link after it. Anchoring the newest hash outside the database (every shipped record
 * carries its hash) is what stops someone who can rewrite the whole table from recomputing the chain.
 */
public final class HashChain {

    /** The "previous hash" of a realm's first record. */
    public static final String GENESIS = AuditFileVerifier.GENESIS;

    private HashChain() {
    }

    /** The record that follows {@code previous} ({@code null} for the realm's first). */
    public static ChainedRecord next(ChainedRecord previous, String canonical) {
        long sequence = previous == null ? 1 : previous.sequence() + 1;
        String previousHash = previous == null ? GENESIS : previous.hash();
        return new ChainedRecord(sequence, previousHash, hash(previousHash, sequence, canonical), canonical);
    }

    /** Specified (and computed) once, in the stand-alone verifier a compliance officer runs on shipped files. */
    static String hash(String previousHash, long sequence, String canonical) {
        return AuditFileVerifier.hash(previousHash, sequence, canonical);
    }
}
