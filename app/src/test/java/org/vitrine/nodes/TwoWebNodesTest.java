package org.vitrine.nodes;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.photo.Pictures;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;
import org.vitrine.testing.TestDatabases;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two web nodes (two Apps, each with its worker) on one PostgreSQL schema and one data folder, as behind a
 * round-robin proxy: a change made through node A is refused by node B within a second, although B had just
 * served the same thing from memory. A second is well under what B would take to forget on its own (sessions are
 * believed for 5 s, image access until changed), so passing here means B heard of the change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoWebNodesTest {
    private static final long ONE_SECOND_MILLIS = 1000;
    /** The address of the password guesser (a documentation address), never the other tests' browsers. */
    private static final String GUESSER = "198.51.100.7";

    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    private Map<String, String> settings;
    private App a;
    private App b;
    private HttpSession ownerOnA;
    private int seed;

    @BeforeAll
    void start() {
        // The test plays the proxy too: the sign-in test sends its guesser's address, as nginx would.
        settings = Map.of("VITRINE_DATABASE_URL", TestDatabases.newPostgresSchemaUrl(),
                "VITRINE_DATABASE_USER", TestDatabases.POSTGRES_USER, "VITRINE_TRUSTED_PROXIES", "127.0.0.1");
        a = TestApp.start(dataDir, settings);
        b = TestApp.start(dataDir, settings);
        for (App node : List.of(a, b)) {
            Eventually.until("node listening", () -> node.nodeChanges().listener().orElseThrow().listens() >= 1);
        }
        ownerOnA = new Fixtures(a).signedIn();
    }

    @AfterAll
    void stop() {
        b.close();
        a.close();
    }

    @Test
    void a_photo_deleted_through_one_node_is_refused_by_the_other_within_a_second() {
        Album album = new Fixtures(a).album("Deleted photo", Visibility.PUBLIC);
        Photo photo = readyPhotoIn(album);
        String derivative = derivativeUrl(photo);
        var visitorOnB = new HttpSession(b.config().baseUrl());
        assertThat(status(visitorOnB, derivative)).isEqualTo(200);

        ownerOnA.csrfFrom("/admin/albums/" + album.id());
        assertThat(ownerOnA.postForm("/admin/photos/" + photo.id() + "/delete", Map.of()).statusCode())
                .isEqualTo(303);

        refusedWithinASecond("deleted photo refused by B", () -> status(visitorOnB, derivative) == 404);
        assertThat(status(visitorOnB, Pictures.originalUrl(photo))).isEqualTo(404);
    }

    @Test
    void an_album_made_private_through_one_node_stops_serving_visitors_on_the_other_within_a_second() {
        Album album = new Fixtures(a).album("Made private", Visibility.PUBLIC);
        Photo photo = readyPhotoIn(album);
        String derivative = derivativeUrl(photo);
        String original = Pictures.originalUrl(photo);
        var visitorOnB = new HttpSession(b.config().baseUrl());
        assertThat(status(visitorOnB, derivative)).isEqualTo(200);
        assertThat(status(visitorOnB, original)).isEqualTo(200);

        ownerOnA.csrfFrom("/admin/albums/" + album.id());
        var saved = ownerOnA.postForm("/admin/albums/" + album.id(), Map.of("title", album.title(),
                "slug", album.slug(), "description", "", "visibility", Visibility.PRIVATE.code()));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);

        refusedWithinASecond("private album's image refused by B", () -> status(visitorOnB, derivative) == 404);
        assertThat(status(visitorOnB, original)).isEqualTo(404);
        // The owner, whose cookie B believes, still sees it.
        assertThat(visitorOnB.getBytes(derivative, Map.of("Cookie", ownerOnA.cookieHeader())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void an_album_deleted_through_one_node_is_refused_by_the_other_within_a_second() {
        Album album = new Fixtures(a).album("Deleted album", Visibility.PUBLIC);
        Photo photo = readyPhotoIn(album);
        String derivative = derivativeUrl(photo);
        var visitorOnB = new HttpSession(b.config().baseUrl());
        assertThat(status(visitorOnB, derivative)).isEqualTo(200);

        ownerOnA.csrfFrom("/admin/albums/" + album.id());
        assertThat(ownerOnA.postForm("/admin/albums/" + album.id() + "/delete", Map.of()).statusCode())
                .isEqualTo(303);

        refusedWithinASecond("deleted album's image refused by B", () -> status(visitorOnB, derivative) == 404);
    }

    @Test
    void signing_out_on_one_node_ends_the_session_on_the_other_within_a_second() {
        Album album = new Fixtures(a).album("Private, signed out", Visibility.PRIVATE);
        String derivative = derivativeUrl(readyPhotoIn(album));
        HttpSession browserOnA = new Fixtures(a).signedIn();
        var cookie = Map.of("Cookie", browserOnA.cookieHeader());
        var replayOnB = new HttpSession(b.config().baseUrl());
        assertThat(replayOnB.getBytes(derivative, cookie).statusCode()).isEqualTo(200);
        assertThat(replayOnB.getBytes("/admin", cookie).statusCode()).isEqualTo(200);

        browserOnA.csrfFrom("/admin");
        assertThat(browserOnA.postForm("/logout", Map.of()).statusCode()).isEqualTo(303);

        refusedWithinASecond("signed-out session refused by B",
                () -> replayOnB.getBytes(derivative, cookie).statusCode() == 404);
        assertThat(replayOnB.getBytes("/admin", cookie).statusCode()).isNotEqualTo(200);
    }

    @Test
    void a_password_changed_on_one_node_ends_the_sessions_on_the_other_within_a_second() {
        Album album = new Fixtures(a).album("Private, new password", Visibility.PRIVATE);
        String derivative = derivativeUrl(readyPhotoIn(album));
        var cookie = Map.of("Cookie", new Fixtures(a).signedIn().cookieHeader());
        var onB = new HttpSession(b.config().baseUrl());
        assertThat(onB.getBytes(derivative, cookie).statusCode()).isEqualTo(200);

        a.accounts().changePassword(Fixtures.OWNER_EMAIL, Fixtures.OWNER_PASSWORD);

        refusedWithinASecond("session of the old password refused by B",
                () -> onB.getBytes(derivative, cookie).statusCode() == 404);
        ownerOnA = new Fixtures(a).signedIn();
    }

    @Test
    void a_password_changed_from_the_command_line_ends_the_sessions_on_every_node_within_a_second()
            throws Exception {
        Album album = new Fixtures(a).album("Private, password from the shell", Visibility.PRIVATE);
        String derivative = derivativeUrl(readyPhotoIn(album));
        var cookie = Map.of("Cookie", new Fixtures(a).signedIn().cookieHeader());
        var onB = new HttpSession(b.config().baseUrl());
        assertThat(onB.getBytes(derivative, cookie).statusCode()).isEqualTo(200);

        // What `vitrine user password` does: a process of its own that serves nothing.
        try (App shell = App.open(TestApp.config(dataDir, settings))) {
            shell.accounts().changePassword(Fixtures.OWNER_EMAIL, Fixtures.OWNER_PASSWORD);
        }

        refusedWithinASecond("session ended from the shell refused by B",
                () -> onB.getBytes(derivative, cookie).statusCode() == 404);
        ownerOnA = new Fixtures(a).signedIn();
    }

    @Test
    void a_form_from_one_node_is_accepted_by_the_other_and_a_forged_one_by_neither() {
        Album album = new Fixtures(a).album("Form from A", Visibility.PUBLIC);
        // The page comes from A; the proxy sends the post to B, with the same cookies.
        String token = ownerOnA.csrfFrom("/admin/albums/" + album.id());
        var onB = new HttpSession(b.config().baseUrl()).withHeader("Cookie", ownerOnA.cookieHeader());
        var fields = Map.of("title", "Renamed on B", "slug", album.slug(), "description", "",
                "visibility", Visibility.PUBLIC.code());
        var forged = new java.util.HashMap<>(fields);
        forged.put("_csrf", token.substring(1) + "x");
        assertThat(onB.postFormRaw("/admin/albums/" + album.id(), forged).statusCode()).isEqualTo(403);

        var withToken = new java.util.HashMap<>(fields);
        withToken.put("_csrf", token);
        assertThat(onB.postFormRaw("/admin/albums/" + album.id(), withToken).statusCode()).isEqualTo(303);
        assertThat(a.albums().find(album.id()).orElseThrow().title()).isEqualTo("Renamed on B");
    }

    @Test
    void failed_sign_ins_spread_over_both_nodes_are_counted_together() {
        new Fixtures(a).owner();
        var onA = new HttpSession(a.config().baseUrl()).withHeader("X-Forwarded-For", GUESSER);
        var onB = new HttpSession(b.config().baseUrl()).withHeader("X-Forwarded-For", GUESSER);
        onA.csrfFrom("/login");
        onB.csrfFrom("/login");
        var wrong = Map.of("email", Fixtures.OWNER_EMAIL, "password", "not the password");
        for (int i = 0; i < 5; i++) {
            var node = i % 2 == 0 ? onA : onB;
            assertThat(node.postForm("/login", wrong).statusCode()).as("failure %d", i + 1).isEqualTo(401);
        }
        // Five failures, three on A and two on B: each node alone would allow another try at once.
        var refused = onB.postForm("/login", wrong);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(onA.postForm("/login", wrong).statusCode()).isEqualTo(429);
    }

    @Test
    void a_node_whose_listening_connection_dropped_reconnects_and_forgets_what_it_may_have_missed() throws Exception {
        Album album = new Fixtures(a).album("Changed unannounced", Visibility.PUBLIC);
        String derivative = derivativeUrl(readyPhotoIn(album));
        var visitorOnB = new HttpSession(b.config().baseUrl());
        assertThat(status(visitorOnB, derivative)).isEqualTo(200);
        // A change nobody announces, as one whose notification was lost while B's connection was down.
        a.database().jdbi().useHandle(h -> h.createUpdate("UPDATE albums SET visibility = :private WHERE id = :id")
                .bind("private", Visibility.PRIVATE.code()).bind("id", album.id()).execute());
        assertThat(status(visitorOnB, derivative)).as("B still answers from memory").isEqualTo(200);

        var listener = b.nodeChanges().listener().orElseThrow();
        long listensBefore = listener.listens();
        int backend = listener.backendPid();
        a.database().jdbi().useHandle(h -> h.createQuery("SELECT pg_terminate_backend(:pid)")
                .bind("pid", backend).mapTo(Boolean.class).one());

        Eventually.until("B listening again", () -> listener.listens() > listensBefore);
        assertThat(listener.backendPid()).isNotEqualTo(backend);
        assertThat(status(visitorOnB, derivative)).isEqualTo(404);

        // And it hears announced changes again.
        Album another = new Fixtures(a).album("After the reconnect", Visibility.PUBLIC);
        Photo photo = readyPhotoIn(another);
        String url = derivativeUrl(photo);
        assertThat(status(visitorOnB, url)).isEqualTo(200);
        a.photos().delete(photo.id());
        refusedWithinASecond("photo deleted after the reconnect refused by B", () -> status(visitorOnB, url) == 404);
    }

    private static void refusedWithinASecond(String what, BooleanSupplier refused) {
        long start = System.nanoTime();
        Eventually.until(what, refused);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMillis).as("%s took %d ms", what, tookMillis).isLessThan(ONE_SECOND_MILLIS);
    }

    private Photo readyPhotoIn(Album album) {
        ownerOnA.csrfFrom("/admin/albums/" + album.id());
        Path file = GeneratedPhotos.jpeg(files.resolve("photo-" + seed + ".jpg"), 320, 240, seed++);
        var response = ownerOnA.upload("/admin/albums/" + album.id() + "/photos", List.of(file),
                List.of("photo.jpg"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        long id = HttpSession.parse(response.body()).get("results").get(0).get("photoId").asLong();
        Eventually.until("photo processed", () -> a.photos().find(id).orElseThrow().status() == PhotoStatus.READY);
        return a.photos().find(id).orElseThrow();
    }

    private String derivativeUrl(Photo photo) {
        return a.photos().derivatives(photo.id()).getFirst().url();
    }

    private static int status(HttpSession session, String url) {
        return session.getBytes(url, Map.of()).statusCode();
    }
}
