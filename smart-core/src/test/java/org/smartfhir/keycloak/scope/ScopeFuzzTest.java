package org.smartfhir.keycloak.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * 200 000 random and mutated strings through the parser and the policy. No input may escape as an exception, and
 * whatever is accepted must satisfy the grammar's invariants, because accepted strings become client-scope names.
 */
class ScopeFuzzTest {

    private static final String[] SEEDS = {
            "patient/Observation.rs", "user/*.cruds", "system/Patient.read", "patient/*.*", "launch/patient",
            "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory",
            "patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item&status=active",
            "openid", "fhirUser", "offline_access",
    };
    private static final char[] ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            + "/.*?=&|:%-_~+,@ \t\n\r\u0000\"'<>\\`$;#!()[]{}\u00e9\u202e\u200b\uFEFF\uD83D\uDE00").toCharArray();

    @Test
    void parserAndPolicyNeverThrowAndOnlyAcceptWellFormedScopes() {
        Random random = new Random(0x5EED);
        ScopeCeiling ceiling = ScopeCeiling.parse("patient/*.cruds user/*.cruds system/*.cruds");
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            String input = i % 2 == 0 ? mutate(SEEDS[random.nextInt(SEEDS.length)], random) : randomString(random);
            ParsedScope parsed;
            try {
                parsed = ScopeParser.parse(input);
                ScopePolicy.decide(input, ceiling, GrantContext.INTERACTIVE);
                ScopePolicy.decide(input + " " + input, ceiling, GrantContext.BACKEND);
                ScopeCeiling.parse(input);
            } catch (RuntimeException e) {
                fail("input " + escape(input) + " threw " + e);
                return;
            }
            assertEquals(input, parsed.original());
            if (parsed instanceof ParsedScope.Smart smart && smart.scope() instanceof SmartScope.Resource r) {
                accepted++;
                assertTrue(input.length() <= ScopeParser.MAX_SCOPE_LENGTH, escape(input));
                assertTrue(input.chars().allMatch(c -> c > 0x20 && c < 0x7F), "only visible ASCII is accepted: " + escape(input));
                assertTrue(r.within(r));
                ParsedScope again = ScopeParser.parse(r.original());
                assertEquals(parsed, again, "parsing is deterministic");
            }
        }
        assertTrue(accepted > 1_000, "the mutations must also produce valid scopes, accepted=" + accepted);
    }

    private static String mutate(String seed, Random random) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = s.isEmpty() ? 0 : random.nextInt(s.length());
            switch (random.nextInt(5)) {
                case 0 -> s.insert(at, ALPHABET[random.nextInt(ALPHABET.length)]);
                case 1 -> { if (!s.isEmpty()) s.deleteCharAt(at); }
                case 2 -> { if (!s.isEmpty()) s.setCharAt(at, ALPHABET[random.nextInt(ALPHABET.length)]); }
                case 3 -> s.append("&x=").append(random.nextInt(1000));
                default -> { /* keep: valid seeds must survive too */ }
            }
        }
        return s.toString();
    }

    private static String randomString(Random random) {
        int length = random.nextInt(40) == 0 ? 200 + random.nextInt(400) : random.nextInt(30);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return List.of("patient/", "user/", "system/", "launch/", "").get(random.nextInt(5)) + s;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }
}
