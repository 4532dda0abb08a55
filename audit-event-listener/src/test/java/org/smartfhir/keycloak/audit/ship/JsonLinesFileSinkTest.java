package org.smartfhir.keycloak.audit.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smartfhir.keycloak.audit.chain.ChainVerifier;
import org.smartfhir.keycloak.audit.chain.ChainedRecord;

class JsonLinesFileSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };

    private List<JsonNode> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
    }

    @Test
    void everyLineCarriesItsChainLinkSoTheFileAloneReverifies() throws Exception {
        Path file = dir.resolve("audit/audit.jsonl");
        try (JsonLinesFileSink sink = new JsonLinesFileSink(file, 1 << 20, clock)) {
            assertEquals(5, sink.deliver("realm-1", Batches.of(1, 5), 0));
        }
        ChainVerifier verifier = new ChainVerifier();
        for (JsonNode line : lines(file)) {
            verifier.accept(new ChainedRecord(line.get("seq").asLong(), line.get("prevHash").asText(),
                    line.get("hash").asText(), line.get("record").toString()));
        }
        assertEquals(5, verifier.checked(), verifier.firstBreak().toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aRedeliveredBatchIsWrittenOnceEvenAfterARestart() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (JsonLinesFileSink sink = new JsonLinesFileSink(file, 1 << 20, clock)) {
            sink.deliver("realm-1", Batches.of(1, 3), 0);
            sink.deliver("realm-1", Batches.of(1, 3), 0);
        }
        try (JsonLinesFileSink restarted = new JsonLinesFileSink(file, 1 << 20, clock)) {
            assertEquals(6, restarted.deliver("realm-1", Batches.of(2, 5), 0), "a crash before the cursor moved");
        }
        assertEquals(List.of("rec-1", "rec-2", "rec-3", "rec-4", "rec-5", "rec-6"),
                lines(file).stream().map(l -> l.get("id").asText()).toList());
    }

    @Test
    void aLineTornByACrashIsDroppedAndItsRecordWrittenAgainWhole() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (JsonLinesFileSink sink = new JsonLinesFileSink(file, 1 << 20, clock)) {
            sink.deliver("realm-1", Batches.of(1, 2), 0);
        }
        byte[] third = JsonLinesFileSink.line(Batches.of(3, 1).get(0), now.get());
        Files.write(file, java.util.Arrays.copyOf(third, third.length / 2), java.nio.file.StandardOpenOption.APPEND);
        try (JsonLinesFileSink restarted = new JsonLinesFileSink(file, 1 << 20, clock)) {
            assertEquals(4, restarted.deliver("realm-1", Batches.of(3, 2), 2), "the torn record was never confirmed");
        }
        assertEquals(List.of("rec-1", "rec-2", "rec-3", "rec-4"),
                lines(file).stream().map(l -> l.get("id").asText()).toList());
    }

    @Test
    void aRestartOnTheSameDayAppendsAndOnALaterDayRotatesWhateverTheFileTimesSay() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (JsonLinesFileSink sink = new JsonLinesFileSink(file, 1 << 20, clock)) {
            sink.deliver("realm-1", Batches.of(1, 2), 0);
        }
        // File times belong to another clock (a backup restore, an operator's touch, a machine whose clock jumped).
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        now.set(Instant.parse("2026-11-24T23:59:59Z"));
        try (JsonLinesFileSink sameDay = new JsonLinesFileSink(file, 1 << 20, clock)) {
            sameDay.deliver("realm-1", Batches.of(3, 1), 2);
        }
        assertEquals(List.of("rec-1", "rec-2", "rec-3"), ids(file), "same UTC day: appended");
        assertEquals("2026-11-24T23:59:59Z", lines(file).get(2).get("writtenAt").asText());

        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-25T00:00:01Z")));
        now.set(Instant.parse("2026-11-25T00:00:01Z"));
        try (JsonLinesFileSink nextDay = new JsonLinesFileSink(file, 1 << 20, clock)) {
            nextDay.deliver("realm-1", Batches.of(4, 1), 3);
        }
        assertEquals(List.of("rec-4"), ids(file), "a new UTC day by the sink's clock: a new file");
        assertEquals(List.of("rec-1", "rec-2", "rec-3"), ids(dir.resolve("audit-20261125T000001Z.jsonl")));
    }

    @Test
    void aFileWhoseLinesDoNotSayWhenTheyWereWrittenIsRotatedNotGuessed() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"id\":\"old-1\",\"seq\":1}\n");
        try (JsonLinesFileSink sink = new JsonLinesFileSink(file, 1 << 20, clock)) {
            sink.deliver("realm-1", Batches.of(1, 1), 0);
        }
        assertEquals(List.of("rec-1"), ids(file));
        assertEquals(List.of("old-1"), ids(dir.resolve("audit-20261124T100000Z.jsonl")));
    }

    private List<String> ids(Path file) throws Exception {
        return lines(file).stream().map(l -> l.get("id").asText()).toList();
    }

    @Test
    void rotatesBySizeAndAtANewUtcDayKeepingEveryFile() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        int lineBytes = JsonLinesFileSink.line(Batches.of(1, 1).get(0), now.get()).length;
        try (JsonLinesFileSink sink = new JsonLinesFileSink(file, lineBytes * 3L + 10, clock)) {
            sink.deliver("realm-1", Batches.of(1, 7), 0);
            now.set(Instant.parse("2026-11-25T00:00:01Z"));
            sink.deliver("realm-1", Batches.of(8, 1), 7);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }
        assertEquals(4, files.size(), files.toString());
        assertEquals(List.of("rec-8"), lines(file).stream().map(l -> l.get("id").asText()).toList(), "new day, new file");
        long total = 0;
        for (Path f : files) {
            total += lines(f).size();
            assertTrue(lines(f).size() <= 3, f + " is over the size limit");
        }
        assertEquals(8, total, "nothing lost in rotation");
    }
}
