package org.smartfhir.keycloak.audit.ship;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * Records as JSON Lines in a local file, one object per record: id, realm, sequence, previous hash, hash and the
 * canonical record, so the file alone can re-verify the chain. Each batch is forced to disk before it is confirmed.
 * The active file is rotated when it would pass {@code maxBytes} and at the first write of a new UTC day; rotated files
 * are renamed with their rotation time and never deleted here (archiving them is the operator's job; six years of
 * HIPAA retention rarely fit a log-rotation window).
 *
 * <p>Every line says when this sink wrote it ({@code writtenAt}, from the injected clock), and after a restart the
 * active file's day is read from its last line, never from the file system's modification time: one clock decides
 * rotation, so a restart on the same day appends, one on a later day rotates, whatever touched the file meanwhile.
 *
 * <p>Redelivery after a crash between the write and the cursor update is dropped by id: on opening, the ids in the
 * active file's last MiB are remembered, as is every id written since (up to {@value #REMEMBERED_IDS}).
 */
public final class JsonLinesFileSink implements AuditSink {

    static final int REMEMBERED_IDS = 50_000;
    static final String WRITTEN_AT = "writtenAt";
    private static final int TAIL_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path file;
    private final long maxBytes;
    private final Clock clock;
    private final Map<String, Boolean> written = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private FileChannel channel;
    private LocalDate openedOn;

    public JsonLinesFileSink(Path file, long maxBytes, Clock clock) {
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public long deliver(String realmId, List<ShippedRecord> batch, long confirmed) throws IOException {
        if (batch.isEmpty()) {
            return confirmed;
        }
        open();
        for (ShippedRecord r : batch) {
            if (written.containsKey(r.id())) {
                continue;
            }
            byte[] line = line(r, clock.instant());
            if (channel.size() > 0 && (channel.size() + line.length > maxBytes || !today().equals(openedOn))) {
                rotate();
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            written.put(r.id(), Boolean.TRUE);
        }
        channel.force(false);
        return batch.get(batch.size() - 1).sequence();
    }

    static byte[] line(ShippedRecord r, Instant writtenAt) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", r.id());
        node.put("realmId", r.realmId());
        node.put("seq", r.sequence());
        node.put("prevHash", r.previousHash());
        node.put("hash", r.hash());
        node.put(WRITTEN_AT, DateTimeFormatter.ISO_INSTANT.format(writtenAt.truncatedTo(ChronoUnit.SECONDS)));
        node.putRawValue("record", new RawValue(r.canonical()));
        return (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private void open() throws IOException {
        if (channel != null && channel.isOpen()) {
            return;
        }
        Files.createDirectories(file.getParent());
        createPrivate(file);
        dropTornLine();
        String lastLine = rememberTail();
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        openedOn = channel.size() == 0 ? today() : dayWritten(lastLine);
    }

    /**
     * The UTC day the active file's last line was written, or null when it does not say (a file written before lines
     * carried {@code writtenAt}, or not by this sink): then the first write rotates, which loses nothing.
     */
    private static LocalDate dayWritten(String line) {
        if (line == null) {
            return null;
        }
        try {
            String stamp = JSON.readTree(line).path(WRITTEN_AT).asText("");
            return Instant.parse(stamp).atOffset(ZoneOffset.UTC).toLocalDate();
        } catch (IOException | DateTimeParseException unreadable) {
            return null;
        }
    }

    /** Audit files hold user ids and IP addresses: owner-only where the file system has POSIX permissions. */
    private static void createPrivate(Path path) throws IOException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException exists) {
            // appended to
        } catch (UnsupportedOperationException noPosix) {
            if (!Files.exists(path)) {
                Files.createFile(path);
            }
        }
    }

    /** Remembers the ids in the active file's tail and returns its last line (null when empty). */
    private String rememberTail() throws IOException {
        try (FileChannel read = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = read.size();
            long from = Math.max(0, size - TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - from));
            read.read(buffer, from);
            String tail = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            String last = null;
            for (String line : tail.split("\n")) {
                if (line.startsWith("{\"id\":\"")) {
                    int end = line.indexOf('"', 7);
                    if (end > 7) {
                        written.put(line.substring(7, end), Boolean.TRUE);
                    }
                    last = line;
                }
            }
            return last;
        }
    }

    /**
     * A crash in the middle of a write (kill -9, power loss) leaves a partial last line. That record was never
     * confirmed, so it is written again in full; appending after the fragment instead would glue the two into one
     * line no JSON Lines reader can parse, and hide the record from anyone reading the file. So the fragment goes.
     */
    private void dropTornLine() throws IOException {
        try (FileChannel write = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = write.size();
            if (size == 0 || lastByte(write, size - 1) == '\n') {
                return;
            }
            long keep = size - 1;
            while (keep > 0 && lastByte(write, keep - 1) != '\n') {
                keep--;
            }
            write.truncate(keep);
            write.force(false);
        }
    }

    private static byte lastByte(FileChannel channel, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, position);
        return one.get(0);
    }

    private void rotate() throws IOException {
        channel.force(false);
        channel.close();
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        String stamp = STAMP.format(clock.instant());
        Path target = file.resolveSibling(stem + "-" + stamp + extension);
        for (int n = 1; Files.exists(target); n++) {
            target = file.resolveSibling(stem + "-" + stamp + "-" + n + extension);
        }
        Files.move(file, target);
        createPrivate(file);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        openedOn = today();
    }

    private LocalDate today() {
        return clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing left to flush: every batch was forced
            }
        }
    }
}
