package org.smartfhir.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.smartfhir.keycloak.harness.junit.RequiredPeers;

/**
 * Debian's Chromium and ChromeDriver (packages {@code chromium}, {@code chromium-driver}), headless, with nothing
 * downloaded at run time, found on {@code PATH}. Where they are not installed the calling test is skipped with a printed
 * reason, or fails when the run requires {@code chromium} ({@link RequiredPeers}).
 */
public final class Chromium {

    public static final Path BROWSER = onPath("chromium.binary", "chromium");
    public static final Path DRIVER = onPath("chromedriver.binary", "chromedriver");

    private Chromium() {
    }

    /** The system property's path, else the first {@code command} on {@code PATH} (what a shell would run). */
    private static Path onPath(String property, String command) {
        String configured = System.getProperty(property);
        if (configured != null) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command);
            }
        }
        return Path.of(command);
    }

    /** Starts a fresh headless browser, or skips the test when Chromium is absent. */
    public static ChromeDriver start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            RequiredPeers.unavailable("chromium", "real-browser test needs Debian's chromium and chromium-driver (" + BROWSER
                    + ", " + DRIVER + "); .ci/run installs them with apt-get");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1200,1400", "--lang=en-US",
                // Only loopback resolves (localhost too: WebAuthn needs a host name, not an IP address): app redirect URIs on
                // other hosts fail at once instead of waiting for DNS.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
                "--user-data-dir=" + tempDir());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /**
     * The first navigation the browser attempted to a URL starting with {@code prefix} (even if it then failed), from
     * the performance log. Reading the log drains it, so call this once per expected navigation.
     */
    public static Optional<String> navigationTo(ChromeDriver driver, String prefix) {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            String message = entry.getMessage();
            if (!message.contains("Network.requestWillBeSent") && !message.contains("Page.frameRequestedNavigation")) {
                continue;
            }
            int at = message.indexOf("\"url\":\"" + prefix);
            if (at < 0) {
                at = message.indexOf("\"documentURL\":\"" + prefix);
            }
            if (at >= 0) {
                int start = message.indexOf(prefix, at);
                int end = message.indexOf('"', start);
                return Optional.of(message.substring(start, end).replace("\\u0026", "&").replace("\\/", "/"));
            }
        }
        return Optional.empty();
    }

    /** Saves a screenshot under {@code target/screenshots/} for people to look at. */
    public static Path screenshot(ChromeDriver driver, String name) {
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("chromium-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
