package org.vitrine.photo;

import org.jdbi.v3.core.Jdbi;
import org.vitrine.access.AlbumAccess;
import org.vitrine.access.LinkAccess;
import org.vitrine.access.LinkOptions;
import org.vitrine.access.Visibility;
import org.vitrine.media.ImageFormat;
import org.vitrine.storage.BlobKeys;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * MediaIndex answers, from memory, what serving a photo's file needs: the access of its album and where its
 * files are. It is exact on one web node: every write that matters reaches it through {@link MediaChanges} after
 * its commit, and a lookup racing with such a write never keeps what it read (see {@link #photo}).
 *
 * <p>Only photos whose sizes are made (status ready) are kept: their sizes change only after something marks
 * them processing again (a rotation, a retry), which this process is told of. A processing photo's sizes may be
 * replaced at any moment by a worker in another process, so those are read from the database each time. On
 * several web nodes, each node's changes reach the others' indexes too (org.vitrine.nodes: PostgreSQL
 * LISTEN/NOTIFY), and an index that may have missed some is emptied ({@link #forgetEverything}).
 */
public final class MediaIndex implements MediaChanges {
    /** At most this many photos are kept; past it the index starts again empty (exact, and rare). */
    static final int MAX_PHOTOS = 50_000;

    private final Jdbi jdbi;
    private final Consumer<String> filesDropped;
    private final ConcurrentHashMap<Long, ServedPhoto> photos = new ConcurrentHashMap<>();
    // Bumped by every change before entries are removed: a lookup that started before a change sees it moved.
    private final AtomicLong changes = new AtomicLong();

    /** @param filesDropped told the keys of the files of each photo forgotten, so their caches can let go too */
    public MediaIndex(Jdbi jdbi, Consumer<String> filesDropped) {
        this.jdbi = jdbi;
        this.filesDropped = filesDropped;
    }

    /** A photo as served: its album's access and its files, by the file names of their URLs. */
    public record ServedPhoto(long id, long albumId, AlbumAccess access, PhotoStatus status,
                              Map<String, String> derivativeKeys, String originalFileName, String originalKey,
                              ImageFormat format, String originalName, String contentHash) {

        /** The key of the size whose URL ends with this file name, or empty. */
        public Optional<String> derivativeKey(String fileName) {
            return Optional.ofNullable(derivativeKeys.get(fileName));
        }
    }

    /** The photo with this id, from memory when known; empty when there is no such photo. */
    public Optional<ServedPhoto> photo(long photoId) {
        ServedPhoto known = photos.get(photoId);
        if (known != null) {
            return Optional.of(known);
        }
        long before = changes.get();
        Optional<ServedPhoto> read = load(photoId);
        if (read.isPresent() && read.get().status() == PhotoStatus.READY) {
            if (photos.size() >= MAX_PHOTOS) {
                photos.clear();
            }
            photos.put(photoId, read.get());
            // A change committed while we read may have been announced before our put: then what we read may be
            // old, so it must not stay. (Changes bump the counter before removing, so one of us always sees it.)
            if (changes.get() != before) {
                photos.remove(photoId, read.get());
            }
        }
        return read;
    }

    @Override
    public void photoChanged(long photoId) {
        changes.incrementAndGet();
        ServedPhoto removed = photos.remove(photoId);
        if (removed != null) {
            dropFiles(removed);
        }
    }

    @Override
    public void albumChanged(long albumId) {
        changes.incrementAndGet();
        photos.values().removeIf(p -> {
            if (p.albumId() != albumId) {
                return false;
            }
            dropFiles(p);
            return true;
        });
    }

    /**
     * Forgets every photo: for when changes may have been missed (another web node's, while this node was not
     * listening to them). Each photo is read again from the database on its next request.
     */
    public void forgetEverything() {
        changes.incrementAndGet();
        photos.values().removeIf(p -> {
            dropFiles(p);
            return true;
        });
    }

    private void dropFiles(ServedPhoto photo) {
        photo.derivativeKeys().values().forEach(filesDropped);
        filesDropped.accept(photo.originalKey());
    }

    /** How many photos are kept (for tests). */
    int size() {
        return photos.size();
    }

    private Optional<ServedPhoto> load(long photoId) {
        return jdbi.withHandle(h -> {
            Map<String, String> sizes = new HashMap<>();
            ServedPhoto[] photo = new ServedPhoto[1];
            h.createQuery("""
                            SELECT p.id, p.album_id, p.sha256, p.original_key, p.original_name, p.format, p.status,
                                   a.visibility, a.password_hash, d.blob_key
                              FROM photos p
                              JOIN albums a ON a.id = p.album_id
                              LEFT JOIN derivatives d ON d.photo_id = p.id
                             WHERE p.id = :photo""")
                    .bind("photo", photoId)
                    .map((rs, ctx) -> {
                        String key = rs.getString("blob_key");
                        if (key != null) {
                            sizes.put(BlobKeys.fileName(key), key);
                        }
                        if (photo[0] == null) {
                            ImageFormat format = ImageFormat.valueOf(rs.getString("format"));
                            String sha = rs.getString("sha256");
                            String hash = sha.substring(0, 16);
                            photo[0] = new ServedPhoto(rs.getLong("id"), rs.getLong("album_id"),
                                    new AlbumAccess(rs.getLong("album_id"),
                                            Visibility.parse(rs.getString("visibility")),
                                            rs.getString("password_hash"), List.of()),
                                    PhotoStatus.parse(rs.getString("status")), sizes,
                                    hash + "." + format.extension(), rs.getString("original_key"), format,
                                    rs.getString("original_name"), hash);
                        }
                        return key;
                    })
                    .list();
            if (photo[0] == null) {
                return Optional.<ServedPhoto>empty();
            }
            ServedPhoto p = photo[0];
            // The album's share links, revoked and expired ones too: a link's change reaches this index as a
            // change of its album (ShareLinkDao tells MediaChanges), and expiry is checked at each request.
            List<LinkAccess> links = h.createQuery("""
                            SELECT id, share_key, expires_at, revoked_at, password_hash, allow_originals,
                                   show_location, show_camera, include_subalbums, allow_comments
                              FROM share_links WHERE album_id = :album""")
                    .bind("album", p.albumId())
                    .map((rs, ctx) -> {
                        long expires = rs.getLong("expires_at");
                        Long expiresAt = rs.wasNull() ? null : expires;
                        rs.getLong("revoked_at");
                        boolean revoked = !rs.wasNull();
                        return new LinkAccess(rs.getLong("id"), rs.getString("share_key"), expiresAt, revoked,
                                rs.getString("password_hash"),
                                new LinkOptions(rs.getInt("allow_originals") != 0, rs.getInt("show_location") != 0,
                                        rs.getInt("show_camera") != 0, rs.getInt("include_subalbums") != 0,
                                        rs.getInt("allow_comments") != 0));
                    })
                    .list();
            var access = new AlbumAccess(p.albumId(), p.access().visibility(), p.access().lockStamp(), links);
            return Optional.of(new ServedPhoto(p.id(), p.albumId(), access, p.status(), Map.copyOf(sizes),
                    p.originalFileName(), p.originalKey(), p.format(), p.originalName(), p.contentHash()));
        });
    }
}
