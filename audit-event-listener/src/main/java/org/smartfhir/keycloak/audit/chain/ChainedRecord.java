package org.smartfhir.keycloak.audit.chain;

/**
 * A record as the outbox keeps it: its position in the realm's chain, the hash of the record before it, its own hash,
 * and the canonical text both hashes are computed over.
 */
public record ChainedRecord(long sequence, String previousHash, String hash, String canonical) {
}
