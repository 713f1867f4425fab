package org.vitrine.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ColorScheme;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * HeadlessChromium starts Playwright and the machine's own Chromium once, and opens isolated contexts at the
 * viewports the site is designed for. Where Chromium is missing, tests skip with a clear message when run by
 * hand, but fail in CI ({@code CI=true}).
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path DEFAULT_EXECUTABLE = Path.of("/usr/lib/chromium/chromium");

    /** A device the site must work on: CSS viewport, pixel ratio and whether it has a touch screen. */
    record Device(String name, int width, int height, double scale, boolean touch) {
        static final Device PHONE = new Device("phone", 375, 812, 2, true);
        static final Device TABLET = new Device("tablet", 768, 1024, 2, true);
        static final Device DESKTOP = new Device("desktop", 1440, 900, 1, false);

        /** The same device at another pixel ratio (documentation screenshots stay small at 1). */
        Device withScale(double newScale) {
            return new Device(name, width, height, newScale, touch);
        }
    }

    private final Playwright playwright;
    private final Browser browser;

    private HeadlessChromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static HeadlessChromium launch() {
        String override = System.getenv("VITRINE_TEST_CHROMIUM");
        Path executable = override == null || override.isBlank() ? DEFAULT_EXECUTABLE : Path.of(override);
        if (!Files.isExecutable(executable)) {
            unavailable("Chromium not found at " + executable
                    + " (apt-get install chromium, or set VITRINE_TEST_CHROMIUM)", null);
        }
        Playwright playwright = null;
        try {
            playwright = Playwright.create();
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(executable)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--no-first-run")));
            return new HeadlessChromium(playwright, browser);
        } catch (RuntimeException e) {
            if (playwright != null) {
                playwright.close();
            }
            unavailable("Chromium at " + executable + " did not start: " + e.getMessage(), e);
            return null;
        }
    }

    private static void unavailable(String message, RuntimeException cause) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("Browser tests need Chromium in CI. " + message, cause);
        }
        // Surefire shows a class aborted in @BeforeAll as "Tests run: 0", without the reason: say it here too.
        System.err.println("browser tests: " + message + ": skipping");
        assumeTrue(false, message + ": skipping the browser tests");
    }

    /** A fresh context (own cookies, own storage) that looks like the given device. */
    BrowserContext open(Device device, ColorScheme scheme) {
        return browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(device.width(), device.height())
                .setDeviceScaleFactor(device.scale())
                .setIsMobile(device.touch())
                .setHasTouch(device.touch())
                .setColorScheme(scheme)
                .setLocale("en-GB"));
    }

    BrowserContext open(Device device) {
        return open(device, ColorScheme.LIGHT);
    }

    /** A fresh desktop context that accepts the self-signed certificate of a test's nginx (testing/NginxProcess). */
    BrowserContext openAcceptingTestCertificate() {
        return browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(Device.DESKTOP.width(), Device.DESKTOP.height())
                .setIgnoreHTTPSErrors(true)
                .setLocale("en-GB"));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
