package org.smartfhir.keycloak.audit.chain;

import java.util.Optional;

/**
 * Walks a realm's records in sequence order and reports the first link that does not hold — what the chain-check
 * command prints for a compliance officer. Records may be read in pages: the verifier keeps only the last link.
 */
public final class ChainVerifier {

    /** Where and why the chain breaks. */
    public record Break(long sequence, String reason) {
    }

    private long expectedSequence;
    private String expectedPrevious;
    private long checked;
    private Break broken;
    private long headSequence;
    private String headHash;
    private boolean headReached = true;

    /** Verifies from the realm's first record. */
    public ChainVerifier() {
        this(1, HashChain.GENESIS);
    }

    /** Verifies from a known-good record onwards (e.g. after a purge, from the purge marker's hash). */
    public ChainVerifier(long firstSequence, String previousHash) {
        this.expectedSequence = firstSequence;
        this.expectedPrevious = previousHash;
    }

    /**
     * The newest link the sealer recorded, read before the records: the records must reach it, and with that hash —
     * deleting the newest records leaves an intact but shorter chain, and only the head says how long it was. A head
     * at or below the start (everything it covered was purged) is reached already, if the start agrees with it.
     */
    public ChainVerifier expectHead(long sequence, String hash) {
        headSequence = sequence;
        headHash = hash;
        long start = expectedSequence - 1;
        headReached = sequence < start || (sequence == start && (sequence == 0 || expectedPrevious.equals(hash)));
        if (sequence == start && !headReached) {
            refuse(sequence, "record " + sequence + " is not the one the sealer recorded as the newest");
        }
        return this;
    }

    /** Feeds the next stored record; returns false once the chain is broken (later records are not examined). */
    public boolean accept(ChainedRecord record) {
        if (broken != null) {
            return false;
        }
        if (record.sequence() != expectedSequence) {
            broken = new Break(expectedSequence, record.sequence() > expectedSequence
                    ? "record " + expectedSequence + " is missing (next stored is " + record.sequence() + ")"
                    : "record " + record.sequence() + " is out of order (expected " + expectedSequence + ")");
            return false;
        }
        if (!record.previousHash().equals(expectedPrevious)) {
            broken = new Break(record.sequence(), "previous-hash does not match record " + (record.sequence() - 1)
                    + " (a record was removed, inserted or reordered)");
            return false;
        }
        if (!HashChain.hash(record.previousHash(), record.sequence(), record.canonical()).equals(record.hash())) {
            broken = new Break(record.sequence(), "content does not match its hash (the record was edited)");
            return false;
        }
        if (record.sequence() == headSequence) {
            if (!record.hash().equals(headHash)) {
                broken = new Break(headSequence, "record " + headSequence + " is not the one the sealer recorded as the newest");
                return false;
            }
            headReached = true;
        }
        expectedSequence++;
        expectedPrevious = record.hash();
        checked++;
        return true;
    }

    /** After the last record: a head the records never reached means records were removed from the end. */
    public void finish() {
        if (!headReached) {
            refuse(headSequence, "record " + headSequence
                    + ", the newest the sealer recorded, is missing (records were removed from the end)");
        }
    }

    /** Records a break found outside the records themselves (e.g. an anchor no purge record accounts for). */
    public void refuse(long sequence, String reason) {
        if (broken == null) {
            broken = new Break(sequence, reason);
        }
    }

    public Optional<Break> firstBreak() {
        return Optional.ofNullable(broken);
    }

    public long checked() {
        return checked;
    }
}
