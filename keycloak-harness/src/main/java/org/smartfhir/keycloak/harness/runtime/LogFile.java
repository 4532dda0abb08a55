package org.smartfhir.keycloak.harness.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the tail of a server log for failure reports. */
public final class LogFile {

    private LogFile() {
    }

    public static String tail(Path file, int lines) {
        if (!Files.exists(file)) {
            return "(no log at " + file + ")";
        }
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Wraps a tail in markers so it stands out in a Maven log. */
    public static String banner(String title, String tail) {
        return System.lineSeparator() + "===== " + title + " =====" + System.lineSeparator() + tail
                + System.lineSeparator() + "===== end of " + title + " =====";
    }
}
