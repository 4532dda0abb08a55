package org.smartfhir.keycloak.audit.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartfhir.keycloak.audit.chain.AuditFileVerifier;

/** The compliance officer's verifier on files the real sink wrote, and on the same files tampered with. */
class AuditFileVerifierTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    private Path shipped(int from, int count) throws Exception {
        Path file = dir.resolve("audit-" + from + ".jsonl");
        try (JsonLinesFileSink sink = new JsonLinesFileSink(file, 1 << 20, clock)) {
            sink.deliver("realm-1", Batches.of(from, count), from - 1);
        }
        return file;
    }

    private static String verify(int expectedExit, Path... files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(f.toString());
        }
        int exit = AuditFileVerifier.run(names, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, exit, printed);
        return printed;
    }

    @Test
    void anUntouchedFileIsIntactAndARotatedPairTooInOrder() throws Exception {
        assertTrue(verify(0, shipped(1, 6)).contains("realm realm-1: records 1..6 (6 checked): intact"));
        Path later = shipped(7, 3);
        assertTrue(verify(0, dir.resolve("audit-1.jsonl"), later).contains("records 1..9 (9 checked): intact"));
        assertTrue(verify(0, later).contains("starts after record 6"), "a file alone says where it starts");
    }

    @Test
    void anEditedRecordIsNamed() throws Exception {
        Path file = shipped(1, 4);
        List<String> lines = Files.readAllLines(file);
        lines.set(2, lines.get(2).replace("backend-3", "backend-X"));
        Files.write(file, lines);
        assertTrue(verify(1, file).contains("BROKEN at record 3: edited"));
    }

    @Test
    void aDeletedOrMovedRecordIsNamed() throws Exception {
        Path file = shipped(1, 4);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(1);
        Files.write(file, lines);
        assertTrue(verify(1, file).contains("BROKEN at record 2: missing"));
        List<String> swapped = new ArrayList<>(Files.readAllLines(shipped(1, 4)));
        swapped.add(1, swapped.remove(2));
        Files.write(file, swapped);
        assertTrue(verify(1, file).contains("BROKEN at record 2: missing"), "record 3 where 2 should be");
    }

    @Test
    void aLineDeliveredTwiceCountsOnceAndGarbageIsUnreadable() throws Exception {
        Path file = shipped(1, 3);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.add(3, lines.get(2));
        Files.write(file, lines);
        assertTrue(verify(0, file).contains("records 1..3 (3 checked): intact"));
        Files.writeString(file, "not json\n");
        assertTrue(verify(2, file).contains(":1: not an audit line"));
        assertTrue(verify(2, dir.resolve("absent.jsonl")).contains("cannot be read"));
    }
}
