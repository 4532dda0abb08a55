package org.smartfhir.keycloak.audit.ship;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.smartfhir.keycloak.audit.chain.CanonicalJson;
import org.smartfhir.keycloak.audit.chain.ChainedRecord;
import org.smartfhir.keycloak.audit.chain.HashChain;
import org.smartfhir.keycloak.audit.record.BalpMapper;
import org.smartfhir.keycloak.audit.record.EventFacts;

/** Chained records of one realm, as the shipper reads them from the outbox. */
final class Batches {

    private Batches() {
    }

    static List<ShippedRecord> of(int from, int count) {
        List<ShippedRecord> out = new ArrayList<>();
        ChainedRecord previous = null;
        for (int seq = 1; seq < from + count; seq++) {
            EventFacts facts = new EventFacts(false, "CLIENT_LOGIN", null, 1_795_000_000_000L + seq, "rec-" + seq, "realm-1",
                    "smart", "https://idp.example.org/realms/smart", null, null, "backend-" + seq, "192.0.2.1", null,
                    Map.of("token_id", "jti-" + seq, "scope", "system/Patient.rs", "grant_type", "client_credentials"),
                    null, null, null, null, null, List.of(), null);
            previous = HashChain.next(previous, CanonicalJson.of(BalpMapper.map(facts)));
            if (seq >= from) {
                out.add(new ShippedRecord("rec-" + seq, "realm-1", previous.sequence(), previous.previousHash(),
                        previous.hash(), previous.canonical()));
            }
        }
        return out;
    }
}
