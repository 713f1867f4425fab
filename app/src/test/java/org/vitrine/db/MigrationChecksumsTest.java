package org.vitrine.db;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MigrationChecksumsTest pins each migration to the SHA-256 listed in db/migration-checksums.txt: databases that
 * already ran a migration never run it again, so editing one on main would leave them silently different.
 */
class MigrationChecksumsTest {
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final String PINNED = "src/test/resources/db/migration-checksums.txt";

    @Test
    void no_pinned_migration_is_edited_renamed_or_removed() throws Exception {
        Map<String, String> actual = migrations();
        pinned().forEach((file, checksum) -> {
            assertThat(actual).as("%s is pinned in %s but missing: migrations are append-only, never renamed or "
                    + "removed", file, PINNED).containsKey(file);
            assertThat(actual.get(file)).as("%s was edited: migrations are append-only: add a new migration instead "
                    + "of editing %s", file, version(file)).isEqualTo(checksum);
        });
    }

    @Test
    void every_migration_has_a_pinned_checksum() throws Exception {
        Map<String, String> pinned = pinned();
        migrations().forEach((file, checksum) -> assertThat(pinned).as("%s has no pinned checksum: add this line "
                + "to %s:%n%s %s", file, PINNED, file, checksum).containsKey(file));
    }

    /** File name to SHA-256 of every migration in the source tree (what a commit changes). */
    private static Map<String, String> migrations() throws IOException {
        Map<String, String> checksums = new TreeMap<>();
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sql")).toList()) {
                checksums.put(file.getFileName().toString(), sha256(Files.readAllBytes(file)));
            }
        }
        assertThat(checksums).as("migrations found").isNotEmpty();
        return checksums;
    }

    private static Map<String, String> pinned() throws IOException {
        Map<String, String> pinned = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(PINNED), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] fields = line.strip().split("\\s+");
                pinned.put(fields[0], fields[1]);
            }
        }
        return pinned;
    }

    private static String version(String file) {
        return file.substring(0, file.indexOf("__"));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
