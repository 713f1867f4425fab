package org.vitrine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TestPhotos finds the shared test photos (../shared/testdata/photos) and reads their MANIFEST.tsv.
 * Where the folder is absent, tests skip with a clear message, except in CI where that is a failure.
 */
public final class TestPhotos {
    private TestPhotos() {
    }

    /**
     * The photos folder: VITRINE_TEST_PHOTOS, else shared/testdata/photos found by walking up from the working
     * directory. Call it first in a test (or its set-up) that needs the photos, so that the test skips before
     * it does anything.
     */
    public static Path dir() {
        Path found = find();
        if (found != null) {
            return found;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("Test photos not found: expected ../shared/testdata/photos beside the "
                    + "checkout (or VITRINE_TEST_PHOTOS); in CI they are required");
        }
        assumeTrue(false, "Test photos not found (../shared/testdata/photos beside the checkout, or "
                + "VITRINE_TEST_PHOTOS): skipping this test, which needs them");
        return null;
    }

    private static Path find() {
        String override = System.getenv("VITRINE_TEST_PHOTOS");
        if (override != null && !override.isBlank()) {
            return hasManifest(Path.of(override)) ? Path.of(override) : null;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/testdata/photos");
            if (hasManifest(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean hasManifest(Path dir) {
        return Files.isRegularFile(dir.resolve("MANIFEST.tsv"));
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }

    /** Every row of MANIFEST.tsv. */
    public static List<ManifestRow> manifest() {
        Path manifest = dir().resolve("MANIFEST.tsv");
        try {
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            List<ManifestRow> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    rows.add(ManifestRow.parse(line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
