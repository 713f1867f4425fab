package org.vitrine.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vitrine.App;
import org.vitrine.browser.HeadlessChromium.Device;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.TestApp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * JustifiedGalleryBrowserTest opens an album of sixteen photos of mixed shapes (landscapes, portraits, squares,
 * two panoramas and one small photo) in Chromium on a phone, a tablet both ways and a desktop, and measures the
 * rows: full except the last, a photo alone only if a panorama, no tile wider than its largest image, nothing
 * wider than the window, the first row loaded at once and the rest lazily.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JustifiedGalleryBrowserTest {
    static final Device SMALL_PHONE = new Device("small-phone", 320, 640, 2, true);
    static final Device PHONE_3X = Device.PHONE.withScale(3);
    static final Device TABLET_LANDSCAPE = new Device("tablet-landscape", 1024, 768, 2, true);

    /** Width x height of each photo, in album order. */
    private static final int[][] SHAPES = {
            {1800, 1200}, {1000, 1500}, {1920, 1080}, {1600, 1200}, {1200, 1600}, {1400, 1400}, {3500, 1000},
            {1800, 1200}, {1000, 1500}, {400, 300}, {1280, 1600}, {1600, 1200}, {3000, 1000}, {1800, 1200},
            {1200, 1600}, {1600, 900}};

    @TempDir
    static Path dir;
    private HeadlessChromium chromium;
    private App app;
    private PublishedAlbum album;
    private final Screenshots shots = Screenshots.ofTestRun();

    @BeforeAll
    void start() throws IOException {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < SHAPES.length; i++) {
            files.add(GeneratedPhotos.jpeg(photos.resolve("DSC_%04d.jpg".formatted(i + 1)), SHAPES[i][0], SHAPES[i][1],
                    100 + i));
        }
        chromium = HeadlessChromium.launch();
        app = TestApp.start(dir.resolve("app"));
        album = PublishedAlbum.create(app, "Autumn in the hills",
                "Mist in the valleys, the last warm evenings, and two panoramas from the ridge.", files);
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }

    static List<Device> devices() {
        return List.of(SMALL_PHONE, PHONE_3X, Device.TABLET, TABLET_LANDSCAPE, Device.DESKTOP);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("devices")
    void rows_are_full_except_the_last_no_tile_outgrows_its_image_and_nothing_overflows(Device device) {
        for (ColorScheme scheme : List.of(ColorScheme.LIGHT, ColorScheme.DARK)) {
            try (BrowserContext context = chromium.open(device, scheme)) {
                Page page = context.newPage();
                page.navigate(TestApp.baseUrl(app) + album.path());
                GalleryBrowserTest.waitForImagesInView(page);
                shots.take(page, "justified-%s-%dpx-%s".formatted(device.name(), device.width(),
                        scheme.name().toLowerCase()));
                if (scheme == ColorScheme.LIGHT) {
                    assertLayout(page, device, true);
                }
            }
        }
    }

    @Test
    void the_layout_follows_the_window_when_it_is_resized() {
        try (BrowserContext context = chromium.open(Device.DESKTOP)) {
            Page page = context.newPage();
            page.navigate(TestApp.baseUrl(app) + album.path());
            int before = rowCount(page);
            page.setViewportSize(600, 900);
            page.waitForFunction("() => { const g = document.querySelector('.gallery');"
                    + " const r = g.querySelector('.gallery__row'); return r && r.getBoundingClientRect().width <= g.clientWidth"
                    + " && [...g.querySelectorAll('.gallery__row')].length > " + before + "; }");
            // The images already loaded stay: a browser does not fetch smaller ones for a narrower window.
            assertLayout(page, new Device("resized", 600, 900, 1, false), false);
        }
    }

    @Test
    void a_tile_focused_with_the_keyboard_shows_a_ring_above_its_image() {
        try (BrowserContext context = chromium.open(Device.DESKTOP)) {
            Page page = context.newPage();
            page.navigate(TestApp.baseUrl(app) + album.path());
            GalleryBrowserTest.waitForImagesInView(page);
            for (int i = 0; i < 30 && !(Boolean) page.evaluate("() => document.activeElement.matches('.tile')"); i++) {
                page.keyboard().press("Tab");
            }
            assertThat((Boolean) page.evaluate("() => document.activeElement.matches('.tile:focus-visible')")).isTrue();
            @SuppressWarnings("unchecked")
            var ring = (Map<String, Object>) page.evaluate("() => { const s = getComputedStyle(document.activeElement, '::after');"
                    + " return {shadow: s.boxShadow, z: s.zIndex, position: s.position}; }");
            assertThat((String) ring.get("shadow")).as("focus ring").contains("inset").isNotEqualTo("none");
            assertThat(ring.get("position")).isEqualTo("absolute");
            shots.take(page, "justified-desktop-keyboard-focus");
        }
    }

    private static int rowCount(Page page) {
        return ((Number) page.evaluate("() => document.querySelectorAll('.gallery__row').length")).intValue();
    }

    @SuppressWarnings("unchecked")
    private static void assertLayout(Page page, Device device, boolean freshLoad) {
        var result = (Map<String, Object>) page.evaluate("""
                () => {
                  const g = document.querySelector('.gallery');
                  const rows = [...g.querySelectorAll('.gallery__row')].map(r => [...r.querySelectorAll('.tile')].map(t => {
                    const b = t.getBoundingClientRect();
                    const img = t.querySelector('img');
                    return {w: b.width, h: b.height, left: b.left, right: b.right,
                            aspect: Number(t.style.getPropertyValue('--w')) / Number(t.style.getPropertyValue('--h')),
                            max: Number(t.dataset.pswpWidth), loading: img.loading,
                            priority: img.getAttribute('fetchpriority') || '',
                            src: img.complete ? img.currentSrc : '', srcset: img.srcset};
                  }));
                  return {rows, justified: g.classList.contains('is-justified'), width: g.clientWidth,
                          gap: parseFloat(getComputedStyle(g.querySelector('.gallery__row')).columnGap),
                          scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth, dpr: devicePixelRatio};
                }""");
        String at = device.name() + " " + device.width() + " px";
        double width = ((Number) result.get("width")).doubleValue();
        double gap = ((Number) result.get("gap")).doubleValue();
        int innerWidth = ((Number) result.get("innerWidth")).intValue();
        assertThat(result.get("justified")).as(at + ": laid out by justify.js").isEqualTo(true);
        assertThat(((Number) result.get("scrollWidth")).intValue()).as(at + ": page width").isLessThanOrEqualTo(innerWidth);
        var rows = (List<List<Map<String, Object>>>) result.get("rows");
        assertThat(rows.stream().mapToInt(List::size).sum()).as(at + ": tiles").isEqualTo(SHAPES.length);
        for (int r = 0; r < rows.size(); r++) {
            var row = rows.get(r);
            String where = at + ", row " + (r + 1) + " of " + rows.size();
            boolean last = r == rows.size() - 1;
            boolean panorama = row.size() == 1 && num(row.getFirst(), "aspect") > 2.5;
            if (!last) {
                assertThat(row.size() > 1 || panorama).as(where + ": a lone photo that is not a panorama").isTrue();
            }
            double rowWidth = row.stream().mapToDouble(t -> num(t, "w")).sum() + gap * (row.size() - 1);
            if (!last) {
                assertThat(rowWidth).as(where + ": a full row").isCloseTo(width, within(2.0));
            } else {
                assertThat(rowWidth).as(where + ": the last row").isLessThanOrEqualTo(width + 1);
            }
            double height = num(row.getFirst(), "h");
            for (var tile : row) {
                assertThat(num(tile, "h")).as(where + ": one height").isCloseTo(height, within(1.5));
                assertThat(num(tile, "w")).as(where + ": no wider than its largest image").isLessThanOrEqualTo(num(tile, "max") + 0.5);
                assertThat(num(tile, "right")).as(where + ": inside the window").isLessThanOrEqualTo(innerWidth + 0.5);
                assertThat(num(tile, "left")).as(where + ": inside the window").isGreaterThanOrEqualTo(-0.5);
                if (r == 0) {
                    assertThat(tile.get("loading")).as(where + ": first row eager").isEqualTo("eager");
                    assertThat(tile.get("priority")).as(where + ": first row first").isEqualTo("high");
                }
                if (r >= 3) {
                    assertThat(tile.get("loading")).as(where + ": later rows lazy").isEqualTo("lazy");
                }
                if (freshLoad) {
                    assertSmallestSharpImage(tile, ((Number) result.get("dpr")).doubleValue(), where);
                }
            }
            if (!last && !panorama) {
                assertThat(height).as(where + ": row height").isBetween(100.0, 360.0);
            }
        }
        if (device.width() < 768) {
            assertThat(width).as(at + ": edge to edge on a phone").isEqualTo(innerWidth);
        }
    }

    /** A loaded tile's image is the smallest of its sizes at least as wide as the tile in device pixels. */
    private static void assertSmallestSharpImage(Map<String, Object> tile, double dpr, String where) {
        String src = (String) tile.get("src");
        if (src.isEmpty()) {
            return; // lazy, not loaded yet
        }
        double needed = num(tile, "w") * dpr;
        int chosen = -1;
        int smallestEnough = Integer.MAX_VALUE;
        for (String candidate : ((String) tile.get("srcset")).split(",\\s*")) {
            String[] parts = candidate.trim().split("\\s+");
            int w = Integer.parseInt(parts[1].replace("w", ""));
            if (src.endsWith(parts[0])) {
                chosen = w;
            }
            if (w >= needed - 1) {
                smallestEnough = Math.min(smallestEnough, w);
            }
        }
        assertThat(chosen).as(where + ": image in srcset").isPositive();
        if (smallestEnough != Integer.MAX_VALUE) {
            assertThat(chosen).as(where + ": %.0f device px wide".formatted(needed)).isLessThanOrEqualTo(smallestEnough);
        }
    }

    private static double num(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }
}
