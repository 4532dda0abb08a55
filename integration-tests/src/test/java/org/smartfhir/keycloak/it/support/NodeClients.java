package org.smartfhir.keycloak.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.smartfhir.keycloak.harness.junit.RequiredPeers;

/**
 * The real JavaScript clients, installed by {@code npm ci} from {@code src/test/node/package-lock.json} in the Maven
 * build ({@code target/node-clients}), and Node.js to run their scripts. Where either is missing the calling test is
 * skipped with a printed reason, or fails when the run requires {@code node} ({@link RequiredPeers}).
 */
public final class NodeClients {

    private static final Path DIR = Path.of(System.getProperty("node.clients.dir", "target/node-clients"));

    private NodeClients() {
    }

    /** A file of an installed package, e.g. {@code fhirclient/build/fhir-client.js}; ends the test if not installed. */
    public static Path module(String relative) {
        Path file = DIR.resolve("node_modules").resolve(relative);
        if (!Files.isRegularFile(file)) {
            RequiredPeers.unavailable("node", "the real JavaScript clients are not installed (" + file
                    + "): the Maven build runs npm ci in integration-tests unless -DskipNpm=true; Node.js 20 and npm needed");
        }
        return file;
    }

    /**
     * Runs {@code node <script> <args…>} from the clients' directory with a deadline and returns its standard output
     * (the script prints one JSON document). Its standard error is printed for the log; a non-zero exit fails.
     */
    public static String run(String script, long timeoutSeconds, String... args) {
        module("oauth4webapi/package.json");
        List<String> command = new ArrayList<>(List.of("node", DIR.resolve(script).toString()));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            RequiredPeers.unavailable("node", "Node.js is not on PATH: " + e.getMessage());
            throw new IllegalStateException(e);
        }
        try {
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("node " + script + " did not finish within " + timeoutSeconds + " s");
            }
            String stdout = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError("node " + script + " exited " + process.exitValue() + ": " + stdout);
            }
            return stdout;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
