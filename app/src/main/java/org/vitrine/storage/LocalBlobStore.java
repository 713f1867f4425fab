package org.vitrine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** LocalBlobStore keeps blobs as files under a root folder (by default {@code data/blobs}). */
public final class LocalBlobStore implements BlobStore {
    // Keys are made by Vitrine, never from user input; this guard keeps a bug from escaping the root. No part of
    // a key starts with a dot, so a key never names one of the temporary files of a put in progress.
    private static final Pattern SAFE_KEY = Pattern.compile("[a-z0-9]+(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path root;

    public LocalBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toRealPath();
    }

    /** Keeps no checksum: a file on the local disk has no metadata to hold one, and a sidecar file is not wanted. */
    @Override
    public void put(String key, InputStream content, Optional<String> sha256) throws StorageException {
        BlobChecksum.checked(sha256);
        Path target = resolve(key);
        Path temp = null;
        try {
            temp = createTemp(target);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.transferTo(out);
                // On disk before it is visible under the key: a crash must not leave a named but empty blob.
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw StorageException.of("store " + key, e, target);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Left for the next clean-up; the put's own outcome is what matters to the caller.
                }
            }
        }
    }

    /** A new temporary file beside the target (same file system, so the final move is atomic). */
    private static Path createTemp(Path target) throws IOException {
        // A concurrent delete may remove the emptied folder while it is being made or used: make it again.
        for (int attempt = 1; ; attempt++) {
            try {
                Files.createDirectories(target.getParent());
                return Files.createFile(target.resolveSibling(TEMP_PREFIX + UUID.randomUUID()));
            } catch (NoSuchFileException | FileAlreadyExistsException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<InputStream> open(String key, BlobRange range) throws StorageException {
        Path path = resolve(key);
        try {
            if (Files.isDirectory(path)) {
                return Optional.empty();
            }
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            try {
                channel.position(range.offset());
                InputStream in = Channels.newInputStream(channel);
                return Optional.of(range.length() == Long.MAX_VALUE ? in : new LimitedInputStream(in, range.length()));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StorageException.of("read " + key, e, path);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws StorageException {
        Path path = resolve(key);
        try {
            var attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new BlobInfo(key, attributes.size(), attributes.lastModifiedTime().toMillis()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw StorageException.of("look up " + key, e, path);
        }
    }

    @Override
    public Stream<BlobInfo> list(String prefix) throws StorageException {
        // Walk only the folder the prefix is certainly in, then filter by the whole prefix.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!start.normalize().startsWith(root)) {
            throw new IllegalArgumentException("Not a blob prefix: " + prefix);
        }
        var walk = new Walk(start);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walk, Spliterator.NONNULL), false)
                .filter(info -> info.key().startsWith(prefix));
    }

    @Override
    public Path localCopy(String key, Path scratchDir) throws StorageException {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            throw new StorageException(StorageException.Problem.MISSING, "storage missing: no blob " + key, null);
        }
        return path;
    }

    @Override
    public Optional<Path> localFile(String key) {
        return Optional.of(resolve(key));
    }

    @Override
    public void delete(String key) throws StorageException {
        Path path = resolve(key);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw StorageException.of("delete " + key, e, path);
        }
        // Emptied folders go too (a deleted photo's derivatives folder); a put racing with this re-creates them.
        for (Path dir = path.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                return; // not empty (the usual case), or already gone
            }
        }
    }

    private Path resolve(String key) {
        if (!SAFE_KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("Not a blob key: " + key);
        }
        return root.resolve(key);
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    /**
     * Walk lists the blobs under a folder one folder at a time, so memory stays small however many there are.
     * Files and folders that disappear while it walks (deleted concurrently) are skipped, not errors.
     */
    private final class Walk implements Iterator<BlobInfo> {
        private final Deque<Path> folders = new ArrayDeque<>();
        private final Deque<BlobInfo> ready = new ArrayDeque<>();

        Walk(Path start) {
            folders.push(start);
        }

        @Override
        public boolean hasNext() {
            while (ready.isEmpty() && !folders.isEmpty()) {
                readFolder(folders.pop());
            }
            return !ready.isEmpty();
        }

        @Override
        public BlobInfo next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return ready.pop();
        }

        private void readFolder(Path folder) {
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
                stream.forEach(entries::add);
            } catch (NoSuchFileException | java.nio.file.NotDirectoryException e) {
                return;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(StorageException.of("list " + keyOf(folder), e, folder));
            }
            for (Path entry : entries) {
                if (entry.getFileName().toString().startsWith(".")) {
                    continue; // a put in progress (or abandoned by a crash)
                }
                try {
                    var attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                    if (attributes.isDirectory()) {
                        folders.push(entry);
                    } else if (attributes.isRegularFile()) {
                        ready.add(new BlobInfo(keyOf(entry), attributes.size(),
                                attributes.lastModifiedTime().toMillis()));
                    }
                } catch (NoSuchFileException e) {
                    // deleted while we walked
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(StorageException.of("list " + keyOf(entry), e, entry));
                }
            }
        }
    }

    /** LimitedInputStream gives at most a number of bytes of the stream it wraps. */
    private static final class LimitedInputStream extends java.io.FilterInputStream {
        private long remaining;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
