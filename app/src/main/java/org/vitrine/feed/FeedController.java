package org.vitrine.feed;

import io.javalin.http.Context;
import org.vitrine.access.AccessPolicy;
import org.vitrine.access.Resource;
import org.vitrine.access.Viewer;
import org.vitrine.access.Viewers;
import org.vitrine.album.Album;
import org.vitrine.album.AlbumDao;
import org.vitrine.album.VisibleAlbums;
import org.vitrine.photo.Derivative;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoDao;
import org.vitrine.photo.Pictures;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * FeedController serves the Atom feeds: the site's (new public albums and the photos added to them) and each
 * public album's (its photos, newest first). Which albums have a feed is the access policy's {@code FEED} and
 * {@code LISTING} rows; an album without one answers 404 like any page its viewer may not see.
 */
public final class FeedController {
    /** Feed readers want what is new; the whole history would make every poll heavier. */
    static final int ENTRIES = 50;
    /** Long enough that frequent polling costs a query a few minutes, short enough that new photos show soon. */
    private static final String SHARED_CACHE = "public, max-age=300";

    private final AlbumDao albums;
    private final VisibleAlbums visibleAlbums;
    private final PhotoDao photos;
    private final AccessPolicy policy;
    private final Viewers viewers;
    private final Supplier<String> siteTitle;
    private final URI baseUrl;

    public FeedController(AlbumDao albums, VisibleAlbums visibleAlbums, PhotoDao photos, AccessPolicy policy,
                          Viewers viewers, Supplier<String> siteTitle, URI baseUrl) {
        this.albums = albums;
        this.visibleAlbums = visibleAlbums;
        this.photos = photos;
        this.policy = policy;
        this.viewers = viewers;
        this.siteTitle = siteTitle;
        this.baseUrl = baseUrl;
    }

    /** GET /feed.atom: the newest albums listed for everyone and the newest photos in them. */
    public void site(Context ctx) {
        List<AlbumDao.AlbumWithCount> listed = albums.list(policy.listedFor(Viewer.ANONYMOUS)).stream()
                .filter(a -> policy.maySee(Viewer.ANONYMOUS, a.album().access(), Resource.FEED))
                .limit(ENTRIES)
                .toList();
        Map<Long, Album> byId = listed.stream().map(AlbumDao.AlbumWithCount::album)
                .collect(Collectors.toMap(Album::id, Function.identity()));
        List<Photo> newest = photos.newestReady(byId.keySet(), ENTRIES);
        var ids = new ArrayList<>(newest.stream().map(Photo::id).toList());
        listed.stream().map(AlbumDao.AlbumWithCount::coverPhotoId).filter(Objects::nonNull).forEach(ids::add);
        var derivatives = photos.derivativesOf(ids);

        List<AtomFeed.Entry> entries = new ArrayList<>();
        listed.forEach(a -> entries.add(albumEntry(a.album(),
                a.coverPhotoId() == null ? null : derivatives.get(a.coverPhotoId()))));
        newest.forEach(p -> entries.add(photoEntry(byId.get(p.albumId()), p, derivatives.get(p.id()))));
        entries.sort(Comparator.comparing(AtomFeed.Entry::updated).reversed());
        List<AtomFeed.Entry> kept = List.copyOf(entries.subList(0, Math.min(ENTRIES, entries.size())));
        String title = siteTitle.get();
        send(ctx, new AtomFeed(absolute("/feed.atom"), title, absolute("/"), title, newestOf(kept, Instant.EPOCH),
                kept), SHARED_CACHE);
    }

    /** GET /a/{slug}/feed.atom: an album's photos, newest first. */
    public void album(Context ctx) {
        Viewer viewer = viewers.of(ctx);
        Album album = visibleAlbums.bySlug(ctx, viewer, Resource.FEED);
        List<Photo> newest = photos.newestReady(List.of(album.id()), ENTRIES);
        var derivatives = photos.derivativesOf(newest.stream().map(Photo::id).toList());
        List<AtomFeed.Entry> entries = newest.stream()
                .map(p -> photoEntry(album, p, derivatives.get(p.id()))).toList();
        String path = "/a/" + album.slug() + "/feed.atom";
        send(ctx, new AtomFeed(absolute(path), album.title(), absolute(album.path()), siteTitle.get(),
                        newestOf(entries, Instant.ofEpochMilli(album.updatedAt())), entries),
                policy.sharedCachesMayKeep(album.access()) ? SHARED_CACHE : "private, no-store");
    }

    private AtomFeed.Entry albumEntry(Album album, List<Derivative> coverDerivatives) {
        return new AtomFeed.Entry(absolute(album.path()), album.title(), absolute(album.path()),
                Instant.ofEpochMilli(album.createdAt()), Instant.ofEpochMilli(album.updatedAt()),
                image(coverDerivatives), album.description());
    }

    private AtomFeed.Entry photoEntry(Album album, Photo photo, List<Derivative> derivatives) {
        String page = absolute(album.photoPath(photo.id()));
        // Never the file name: it is the owner's, often a camera counter, and may say more than they meant.
        String title = photo.title().isBlank() ? album.title() : photo.title();
        Instant uploaded = Instant.ofEpochMilli(photo.uploadedAt());
        return new AtomFeed.Entry(page, title, page, uploaded, uploaded, image(derivatives), photo.caption());
    }

    /** The size link previews use: large enough for a reader's full-width view, none while there is none. */
    private AtomFeed.Image image(List<Derivative> derivatives) {
        Derivative image = Pictures.previewImage(derivatives);
        return image == null ? null
                : new AtomFeed.Image(absolute(image.url()), image.width(), image.height(), image.byteSize());
    }

    private static Instant newestOf(List<AtomFeed.Entry> entries, Instant otherwise) {
        return entries.stream().map(AtomFeed.Entry::updated).max(Comparator.naturalOrder()).orElse(otherwise);
    }

    private static void send(Context ctx, AtomFeed feed, String cacheControl) {
        ctx.header("Cache-Control", cacheControl);
        ctx.contentType(AtomFeed.CONTENT_TYPE);
        ctx.result(feed.toXml());
    }

    private String absolute(String path) {
        return baseUrl.resolve(path).toString();
    }
}
