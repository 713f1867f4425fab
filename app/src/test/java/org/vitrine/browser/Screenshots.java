package org.vitrine.browser;

import com.microsoft.playwright.Page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Screenshots saves viewport-sized PNGs of pages into one folder, named by step. */
final class Screenshots {
    private final Path dir;

    Screenshots(Path dir) {
        try {
            this.dir = Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The build's own folder, app/target/screenshots, for looking at what a test run saw. */
    static Screenshots ofTestRun() {
        return new Screenshots(Path.of("target", "screenshots"));
    }

    Path take(Page page, String name) {
        Path file = dir.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(false));
        return file;
    }

    Path dir() {
        return dir;
    }
}
