package org.vitrine.album;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vitrine.access.LinkOptions;
import org.vitrine.access.Visibility;
import org.vitrine.db.Database;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.inspect.PhotoMetadata;
import org.vitrine.photo.Derivative;
import org.vitrine.photo.MediaChanges;
import org.vitrine.photo.PhotoDao;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.share.ShareLink;
import org.vitrine.share.ShareLinkDao;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AlbumAndPhotoStoreContract is what the album and photo tables must do on every database Vitrine supports;
 * subclassed once per database.
 */
abstract class AlbumAndPhotoStoreContract {
    private Database db;
    private AlbumDao albums;
    private PhotoDao photos;
    private AlbumEditor editor;

    abstract Database openDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        db = openDatabase();
        albums = new AlbumDao(db.jdbi(), Clock.systemUTC());
        photos = new PhotoDao(db.jdbi());
        editor = new AlbumEditor(albums, new SecureRandom());
    }

    @AfterEach
    void close() {
        if (db != null) { // null when the set-up skipped: no database of this kind here
            db.close();
        }
    }

    private long photo(long albumId, String sha, LocalDateTime takenAt) {
        var metadata = new PhotoMetadata(1200, 1800, 6, takenAt, takenAt == null ? null : ZoneOffset.ofHours(2),
                "Canon", "Canon EOS 600D", "EF 50mm", "1/250", 2.8, 400, 50.0, -22.951916, -43.210487, 700.0);
        return photos.insert(new PhotoDao.NewPhoto(albumId, sha, "originals/" + sha.substring(0, 2) + "/" + sha + ".jpg",
                "IMG_" + sha.substring(0, 4) + ".jpg", ImageFormat.JPEG, 1234, metadata, 1000));
    }

    private static String sha(char c) {
        return String.valueOf(c).repeat(64);
    }

    @Test
    void an_album_made_from_a_title_gets_a_unique_address() {
        var first = editor.create(new AlbumFormPage.AlbumForm("Été à Lisbonne", "", "", "public")).album();
        var second = editor.create(new AlbumFormPage.AlbumForm("Été à Lisbonne", "", "", "unlisted")).album();
        assertThat(first.slug()).isEqualTo("ete-a-lisbonne");
        assertThat(second.slug()).isEqualTo("ete-a-lisbonne-2");
        var taken = editor.create(new AlbumFormPage.AlbumForm("Other", "ete-a-lisbonne", "", "public"));
        assertThat(taken.errors()).singleElement().asString().contains("already uses");
        assertThat(albums.list(java.util.Set.of(Visibility.PUBLIC))).extracting(a -> a.album().slug())
                .containsExactly("ete-a-lisbonne");
        assertThat(albums.listAll()).hasSize(2);
    }

    @Test
    void share_links_are_made_revoked_replaced_and_counted_and_old_addresses_are_kept() {
        var album = editor.create(new AlbumFormPage.AlbumForm("Shared", "shared", "", "unlisted")).album();
        var links = new ShareLinkDao(db.jdbi(), Clock.systemUTC(), MediaChanges.NONE);
        var first = links.listByAlbum(album.id()).getFirst();
        assertThat(first.key()).isEqualTo(album.shareKey());
        assertThat(first.options()).isEqualTo(new LinkOptions(true, true, true, false, false));

        long id = links.create(album.id(), "second-key", "Grandma", "$argon2id$hash", 5_000L,
                new LinkOptions(false, true, false, true, false));
        links.recordView(id);
        links.recordView(id);
        var second = links.find(id).orElseThrow();
        assertThat(second.viewCount()).isEqualTo(2);
        assertThat(second.lastViewedAt()).isNotNull();
        assertThat(second.options()).isEqualTo(new LinkOptions(false, true, false, true, false));
        assertThat(second.stateAt(4_999)).isEqualTo(ShareLink.State.LIVE);
        assertThat(second.stateAt(5_000)).isEqualTo(ShareLink.State.EXPIRED);

        long replacement = links.replace(first, "third-key");
        assertThat(links.find(first.id()).orElseThrow().stateAt(0)).isEqualTo(ShareLink.State.REVOKED);
        assertThat(links.find(replacement).orElseThrow().label()).isEqualTo("First link");
        assertThat(albums.find(album.id()).orElseThrow().shareKey()).isEqualTo("third-key");
        links.revoke(second);
        assertThat(links.accessOf(album.id())).filteredOn(l -> !l.revoked()).extracting(l -> l.key())
                .containsExactly("third-key");

        albums.update(album.id(), "shared-now", "Shared", "", Visibility.UNLISTED);
        albums.update(album.id(), "shared-later", "Shared", "", Visibility.UNLISTED);
        assertThat(albums.movedFrom("shared")).hasValue("shared-later");
        assertThat(albums.movedFrom("shared-now")).hasValue("shared-later");
        // Back to an old address: it is the album's own again, and the one it leaves redirects.
        albums.update(album.id(), "shared", "Shared", "", Visibility.UNLISTED);
        assertThat(albums.movedFrom("shared")).isEmpty();
        assertThat(albums.movedFrom("shared-later")).hasValue("shared");
        albums.setPasswordHash(album.id(), "$argon2id$album");
        assertThat(albums.find(album.id()).orElseThrow().hasPassword()).isTrue();
    }

    @Test
    void an_album_without_a_cover_reads_as_having_none_until_one_is_chosen_or_ready() {
        long album = editor.create(new AlbumFormPage.AlbumForm("Coverless", "", "", "public")).album().id();
        assertThat(albums.find(album).orElseThrow().coverPhotoId()).isNull();
        assertThat(albums.listAll()).singleElement().satisfies(a -> {
            assertThat(a.album().coverPhotoId()).isNull();
            assertThat(a.coverPhotoId()).isNull();
        });
        long processing = photo(album, sha('a'), null);
        assertThat(albums.listAll().getFirst().coverPhotoId()).as("a photo still processing is no cover").isNull();
        albums.setCover(album, processing);
        assertThat(albums.find(album).orElseThrow().coverPhotoId()).isEqualTo(processing);
        assertThat(albums.listAll().getFirst().coverPhotoId()).isEqualTo(processing);
    }

    @Test
    void a_photo_keeps_all_its_metadata() {
        long album = editor.create(new AlbumFormPage.AlbumForm("A", "", "", "public")).album().id();
        LocalDateTime taken = LocalDateTime.of(2015, 6, 11, 10, 29, 26);
        long id = photo(album, sha('a'), taken);
        var stored = photos.find(id).orElseThrow();
        assertThat(stored.metadata()).isEqualTo(new PhotoMetadata(1200, 1800, 6, taken, ZoneOffset.ofHours(2),
                "Canon", "Canon EOS 600D", "EF 50mm", "1/250", 2.8, 400, 50.0, -22.951916, -43.210487, 700.0));
        assertThat(stored.displayWidth()).isEqualTo(1800);
        assertThat(stored.status()).isEqualTo(PhotoStatus.PROCESSING);
        assertThat(photos.findInAlbum(album, sha('a'))).isPresent();
    }

    @Test
    void photos_are_listed_by_date_taken_with_undated_ones_last() {
        long album = editor.create(new AlbumFormPage.AlbumForm("A", "", "", "public")).album().id();
        long undated = photo(album, sha('a'), null);
        long later = photo(album, sha('b'), LocalDateTime.of(2020, 1, 1, 0, 0));
        long earlier = photo(album, sha('c'), LocalDateTime.of(2010, 1, 1, 0, 0));
        assertThat(photos.listByAlbum(album)).extracting(p -> p.id()).containsExactly(earlier, later, undated);
    }

    @Test
    void marking_a_photo_ready_replaces_its_derivatives_in_one_step() {
        long album = editor.create(new AlbumFormPage.AlbumForm("A", "", "", "public")).album().id();
        long id = photo(album, sha('a'), null);
        photos.markReady(id, List.of(new Derivative(id, 320, 480, "derivatives/" + id + "/320-aa.jpg", 10),
                new Derivative(id, 640, 960, "derivatives/" + id + "/640-aa.jpg", 20)));
        photos.markReady(id, List.of(new Derivative(id, 320, 480, "derivatives/" + id + "/320-bb.jpg", 11)));
        assertThat(photos.find(id).orElseThrow().status()).isEqualTo(PhotoStatus.READY);
        assertThat(photos.derivativesOfAlbum(album).get(id)).extracting(Derivative::blobKey)
                .containsExactly("derivatives/" + id + "/320-bb.jpg");
    }

    @Test
    void the_newest_ready_photos_of_the_asked_albums_come_newest_first_and_bounded() {
        long fed = editor.create(new AlbumFormPage.AlbumForm("Fed", "", "", "public")).album().id();
        long other = editor.create(new AlbumFormPage.AlbumForm("Other", "", "", "public")).album().id();
        long first = photo(fed, sha('a'), null);
        long second = photo(fed, sha('b'), null);
        long third = photo(fed, sha('c'), null);
        long processing = photo(fed, sha('d'), null);
        long elsewhere = photo(other, sha('e'), null);
        for (long id : List.of(first, second, third, elsewhere)) {
            photos.markReady(id, List.of());
        }
        assertThat(photos.newestReady(List.of(fed), 10)).extracting(p -> p.id())
                .containsExactly(third, second, first).doesNotContain(processing, elsewhere);
        assertThat(photos.newestReady(List.of(fed), 2)).extracting(p -> p.id()).containsExactly(third, second);
        assertThat(photos.newestReady(List.of(), 10)).isEmpty();
    }

    @Test
    void the_same_content_cannot_be_stored_twice_in_one_album_but_can_in_another() {
        long a = editor.create(new AlbumFormPage.AlbumForm("A", "", "", "public")).album().id();
        long b = editor.create(new AlbumFormPage.AlbumForm("B", "", "", "public")).album().id();
        photo(a, sha('a'), null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> photo(a, sha('a'), null))
                .isInstanceOf(RuntimeException.class);
        photo(b, sha('a'), null);
        assertThat(photos.originalInUse("originals/aa/" + sha('a') + ".jpg")).isTrue();
    }

    @Test
    void deleting_an_album_deletes_its_photos_and_derivatives() {
        long album = editor.create(new AlbumFormPage.AlbumForm("A", "", "", "public")).album().id();
        long id = photo(album, sha('a'), null);
        photos.markReady(id, List.of(new Derivative(id, 320, 480, "derivatives/" + id + "/320-aa.jpg", 10)));
        albums.delete(album);
        assertThat(photos.find(id)).isEmpty();
        assertThat(photos.derivatives(id)).isEmpty();
    }
}
