package org.smartfhir.keycloak.it.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A SMART launch in real Chromium: open the authorize URL, log in, wait for pages, read the redirect back. */
public final class BrowserLaunch implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ChromeDriver browser;
    private final SmartApp app;

    private BrowserLaunch(ChromeDriver browser, SmartApp app) {
        this.browser = browser;
        this.app = app;
    }

    /** Starts Chromium (or skips the test with a printed reason where it is not installed). */
    public static BrowserLaunch open(SmartApp app) {
        return new BrowserLaunch(Chromium.start(), app);
    }

    public ChromeDriver driver() {
        return browser;
    }

    /** Opens the authorize URL, logs {@code user} in, and waits until the element {@code landing} shows. */
    public void logIn(String scope, Pkce pkce, String state, String user, String password, By landing) {
        browser.get(authorizeUrl(app.authorizeParams(scope, pkce, state)));
        waitFor(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        waitFor(landing);
    }

    /** The app's authorization request with these parameters, as the browser opens it. */
    public String authorizeUrl(Map<String, String> params) {
        StringBuilder url = new StringBuilder(app.authorizationEndpoint()).append('?');
        params.forEach((k, v) -> url.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        return url.toString();
    }

    public WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** The query of the redirect back to the app, from the navigation log (reading drains it: call once per launch). */
    public Map<String, String> redirectBack(String redirectUri) {
        String url = new WebDriverWait(browser, WAIT).until(d -> Chromium.navigationTo(browser, redirectUri).orElse(null));
        return BrowserlessLogin.query(url);
    }

    @Override
    public void close() {
        browser.quit();
    }
}
