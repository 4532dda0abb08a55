package org.smartfhir.keycloak.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    private static List<ChainedRecord> chain(int length) {
        List<ChainedRecord> chain = new ArrayList<>();
        ChainedRecord previous = null;
        for (int i = 1; i <= length; i++) {
            previous = HashChain.next(previous, "{\"id\":\"r" + i + "\"}");
            chain.add(previous);
        }
        return chain;
    }

    private static Optional<ChainVerifier.Break> verify(List<ChainedRecord> records) {
        ChainVerifier verifier = new ChainVerifier();
        records.forEach(verifier::accept);
        return verifier.firstBreak();
    }

    @Test
    void anUntouchedChainVerifies() {
        ChainVerifier verifier = new ChainVerifier();
        chain(5).forEach(verifier::accept);
        assertTrue(verifier.firstBreak().isEmpty());
        assertEquals(5, verifier.checked());
        assertEquals(HashChain.GENESIS, chain(1).get(0).previousHash());
    }

    @Test
    void anEditedRecordIsCaughtAtItsSequence() {
        List<ChainedRecord> records = chain(5);
        ChainedRecord original = records.get(2);
        records.set(2, new ChainedRecord(original.sequence(), original.previousHash(), original.hash(), "{\"id\":\"forged\"}"));
        ChainVerifier.Break broken = verify(records).orElseThrow();
        assertEquals(3, broken.sequence());
        assertTrue(broken.reason().contains("edited"), broken.reason());
    }

    @Test
    void anEditWithARecomputedHashBreaksTheNextLink() {
        List<ChainedRecord> records = chain(5);
        ChainedRecord original = records.get(2);
        records.set(2, new ChainedRecord(3, original.previousHash(), HashChain.hash(original.previousHash(), 3, "{\"id\":\"forged\"}"),
                "{\"id\":\"forged\"}"));
        assertEquals(4, verify(records).orElseThrow().sequence());
    }

    @Test
    void aDeletedRecordIsCaught() {
        List<ChainedRecord> records = chain(5);
        records.remove(1);
        ChainVerifier.Break broken = verify(records).orElseThrow();
        assertEquals(2, broken.sequence());
        assertTrue(broken.reason().contains("missing"), broken.reason());
    }

    @Test
    void reorderedRecordsAreCaught() {
        List<ChainedRecord> records = chain(5);
        Collections.swap(records, 1, 3);
        assertEquals(2, verify(records).orElseThrow().sequence());
    }

    @Test
    void renumberedRecordsAreCaughtByTheirLinks() {
        List<ChainedRecord> records = chain(5);
        ChainedRecord third = records.get(2);
        ChainedRecord fourth = records.get(3);
        // Swap the contents but keep the sequence numbers in order.
        records.set(2, new ChainedRecord(3, fourth.previousHash(), fourth.hash(), fourth.canonical()));
        records.set(3, new ChainedRecord(4, third.previousHash(), third.hash(), third.canonical()));
        assertEquals(3, verify(records).orElseThrow().sequence());
    }

    @Test
    void verificationCanStartFromAKnownGoodRecord() {
        List<ChainedRecord> records = chain(6);
        ChainVerifier verifier = new ChainVerifier(4, records.get(2).hash());
        records.subList(3, 6).forEach(verifier::accept);
        assertTrue(verifier.firstBreak().isEmpty());
        assertEquals(3, verifier.checked());
    }

    private static Optional<ChainVerifier.Break> verifyAgainstHead(ChainVerifier verifier, List<ChainedRecord> records,
            ChainedRecord head) {
        verifier.expectHead(head.sequence(), head.hash());
        for (ChainedRecord record : records) {
            if (!verifier.accept(record)) {
                break;
            }
        }
        verifier.finish();
        return verifier.firstBreak();
    }

    @Test
    void recordsRemovedFromTheEndAreCaughtByTheHead() {
        List<ChainedRecord> records = chain(5);
        ChainVerifier.Break broken = verifyAgainstHead(new ChainVerifier(), records.subList(0, 3), records.get(4)).orElseThrow();
        assertEquals(5, broken.sequence());
        assertTrue(broken.reason().contains("removed from the end"), broken.reason());
    }

    @Test
    void aChainThatGrewAfterTheHeadWasReadVerifies() {
        List<ChainedRecord> records = chain(5);
        assertTrue(verifyAgainstHead(new ChainVerifier(), records, records.get(2)).isEmpty());
    }

    @Test
    void aReplacedNewestRecordIsCaughtByTheHeadsHash() {
        List<ChainedRecord> records = chain(3);
        ChainedRecord forgedHead = new ChainedRecord(3, records.get(2).previousHash(), "f".repeat(64), null);
        ChainVerifier.Break broken = verifyAgainstHead(new ChainVerifier(), records, forgedHead).orElseThrow();
        assertEquals(3, broken.sequence());
        assertTrue(broken.reason().contains("not the one the sealer recorded"), broken.reason());
    }

    @Test
    void aHeadEveryRecordOfWhichWasPurgedIsReachedAtTheAnchor() {
        List<ChainedRecord> records = chain(4);
        ChainedRecord anchor = records.get(3);
        // Records 1..4 purged, the purge record not sealed yet: nothing to read, the head is the anchor.
        assertTrue(verifyAgainstHead(new ChainVerifier(5, anchor.hash()), List.of(), anchor).isEmpty());
        // The head was read before a purge that went past it.
        assertTrue(verifyAgainstHead(new ChainVerifier(5, anchor.hash()), List.of(), records.get(1)).isEmpty());
        // An anchor that disagrees with the head at the same sequence is not the sealer's.
        ChainedRecord otherHead = new ChainedRecord(4, anchor.previousHash(), "e".repeat(64), null);
        assertEquals(4, verifyAgainstHead(new ChainVerifier(5, anchor.hash()), List.of(), otherHead).orElseThrow().sequence());
    }

    @Test
    void anEmptyChainHasReachedItsEmptyHead() {
        ChainVerifier verifier = new ChainVerifier().expectHead(0, HashChain.GENESIS);
        verifier.finish();
        assertTrue(verifier.firstBreak().isEmpty());
    }
}
