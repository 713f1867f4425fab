package org.vitrine.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * MappedFiles keeps immutable local files memory-mapped, with the header values that describe them, so a request
 * sends a file straight from the page cache with no open, stat or copy through the heap. Only for files whose
 * name changes with their content (content-hashed blob keys): a key never names two different contents.
 */
public final class MappedFiles {
    /** At most this many files are kept mapped; past it the cache starts again empty. */
    static final int MAX_FILES = 4096;
    /** Larger files are not mapped (a mapping must fit a ByteBuffer, and huge ones would crowd the page cache). */
    static final long MAX_MAPPED_BYTES = 256L * 1024 * 1024;

    private final ConcurrentHashMap<String, MappedFile> files = new ConcurrentHashMap<>();

    /** A mapped file: its bytes (read-only; each response takes its own view) and precomputed header values. */
    public record MappedFile(ByteBuffer bytes, long size, String contentLength, String lastModified) {
    }

    /**
     * The file under this key, mapped on first use from the path the function gives (asked only then); empty when
     * there is no local file, it does not exist, or it is too large to map.
     */
    public Optional<MappedFile> get(String key, Function<String, Optional<Path>> localFile) throws IOException {
        MappedFile known = files.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Path> local = localFile.apply(key);
        if (local.isEmpty()) {
            return Optional.empty();
        }
        Path path = local.get();
        MappedFile mapped;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > MAX_MAPPED_BYTES) {
                return Optional.empty();
            }
            // The mapping stays valid after the channel closes, and after the file is replaced or deleted.
            ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            String lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(
                    java.nio.file.Files.getLastModifiedTime(path).toMillis()).atOffset(ZoneOffset.UTC));
            mapped = new MappedFile(bytes, size, String.valueOf(size), lastModified);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (files.size() >= MAX_FILES) {
            files.clear();
        }
        files.put(key, mapped);
        return Optional.of(mapped);
    }

    /** Forgets a file (deleted or replaced), so its mapping is released. */
    public void forget(String key) {
        files.remove(key);
    }
}
