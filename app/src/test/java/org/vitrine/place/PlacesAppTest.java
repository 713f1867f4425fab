package org.vitrine.place;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.App;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.testing.Eventually;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.GeneratedPhotos;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Places through the real app with the places data loaded as on a first start: a photo with EXIF GPS gets its
 * place at processing time, shown on its page (with GeoNames' attribution) and in the JSON API; what the owner
 * sets by hand survives re-processing; the owner's place search.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlacesAppTest {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path files;

    private App app;
    private HttpSession owner;
    private Album album;

    @BeforeAll
    void start() {
        app = TestApp.start(dataDir, Map.of("VITRINE_PLACE_NAMES", "on"));
        var fx = new Fixtures(app);
        owner = fx.signedIn();
        album = fx.album("Borders", Visibility.PUBLIC);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private long upload(String name, double lat, double lon) {
        Path file = GeneratedPhotos.located(files.resolve(name), 320, 240, name.hashCode(), lat, lon);
        owner.csrfFrom("/admin/albums/" + album.id());
        var response = owner.upload("/admin/albums/" + album.id() + "/photos", List.of(file), List.of(name));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        long id = HttpSession.parse(response.body()).get("results").get(0).get("photoId").asLong();
        waitUntilReady(id);
        return id;
    }

    private void waitUntilReady(long id) {
        Eventually.until("photo " + id + " processed",
                () -> app.photos().find(id).orElseThrow().status() == PhotoStatus.READY);
    }

    private JsonNode apiPhoto(long id) {
        for (JsonNode photo : owner.json("/api/albums/" + album.slug()).get("photos")) {
            if (photo.get("id").asLong() == id) {
                return photo;
            }
        }
        throw new AssertionError("photo " + id + " not in the API");
    }

    @Test
    void a_photo_with_gps_gets_its_place_on_its_page_and_in_the_api() {
        long id = upload("basel.jpg", 47.5580, 7.5878);

        JsonNode photo = apiPhoto(id);
        JsonNode place = photo.get("place");
        assertThat(place.get("name").asText()).isEqualTo("Basel");
        assertThat(place.get("region").asText()).isEqualTo("Basel-City");
        assertThat(place.get("country").asText()).isEqualTo("Switzerland");
        assertThat(place.get("countryCode").asText()).isEqualTo("CH");
        assertThat(place.get("source").asText()).isEqualTo("exif");
        JsonNode location = photo.get("location");
        assertThat(location.get("lat").asDouble()).isCloseTo(47.5580, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(location.get("lon").asDouble()).isCloseTo(7.5878, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(location.get("source").asText()).isEqualTo("exif");
        assertThat(location.get("precision").asText()).isEqualTo("exact");

        String page = new HttpSession(app.config().baseUrl()).get("/a/" + album.slug() + "/" + id).body();
        assertThat(page).contains("Basel, Basel-City, Switzerland").contains("Place names © GeoNames, CC BY 4.0");
    }

    @Test
    void a_photo_at_sea_or_without_gps_has_no_place() {
        long atSea = upload("atlantic.jpg", 45.0, -30.0);
        assertThat(apiPhoto(atSea).get("place").isNull()).isTrue();
        assertThat(apiPhoto(atSea).get("location").get("lat").asDouble()).isEqualTo(45.0);

        Path plain = GeneratedPhotos.jpeg(files.resolve("plain.jpg"), 320, 240, 7);
        owner.csrfFrom("/admin/albums/" + album.id());
        var response = owner.upload("/admin/albums/" + album.id() + "/photos", List.of(plain), List.of("plain.jpg"));
        long id = HttpSession.parse(response.body()).get("results").get(0).get("photoId").asLong();
        waitUntilReady(id);
        assertThat(apiPhoto(id).get("place").isNull()).isTrue();
        assertThat(apiPhoto(id).get("location").isNull()).isTrue();
        assertThat(owner.get("/a/" + album.slug() + "/" + id).body()).doesNotContain("GeoNames");
    }

    @Test
    void a_place_named_by_hand_survives_reprocessing() {
        long id = upload("kehl.jpg", 48.5724, 7.8156);
        assertThat(apiPhoto(id).get("place").get("name").asText()).isEqualTo("Kehl");

        app.photoPlaces().setByHand(id, new Place("Passerelle des Deux Rives", false, "Baden-Wurttemberg",
                "Germany", "DE"));
        reprocess(id);

        JsonNode place = apiPhoto(id).get("place");
        assertThat(place.get("name").asText()).isEqualTo("Passerelle des Deux Rives");
        assertThat(place.get("source").asText()).isEqualTo("manual");
    }

    @Test
    void a_location_set_by_hand_survives_reprocessing_and_names_its_place() {
        long id = upload("moved.jpg", 47.5580, 7.5878);
        app.photoPlaces().setLocationByHand(id, 46.2044, 6.1432, 375.0);
        reprocess(id);

        JsonNode photo = apiPhoto(id);
        assertThat(photo.get("location").get("lat").asDouble()).isEqualTo(46.2044);
        assertThat(photo.get("location").get("altitude").asDouble()).isEqualTo(375.0);
        assertThat(photo.get("location").get("source").asText()).isEqualTo("manual");
        assertThat(photo.get("place").get("name").asText()).isEqualTo("Genève");
        assertThat(photo.get("place").get("countryCode").asText()).isEqualTo("CH");
    }

    /** The owner rotates the photo: its sizes are made again by the same job as at upload. */
    private void reprocess(long id) {
        owner.csrfFrom("/a/" + album.slug() + "/" + id);
        var response = owner.postForm("/admin/photos/" + id + "/rotate", Map.of("direction", "right"));
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(app.photos().find(id).orElseThrow().rotation()).isEqualTo(1);
        waitUntilReady(id);
    }

    @Test
    void the_owner_finds_places_by_name_whatever_the_diacritics_largest_first() {
        JsonNode zurich = owner.json("/api/places?q=zurich").get("places");
        assertThat(zurich.get(0).get("name").asText()).isEqualTo("Zürich");
        assertThat(zurich.get(0).get("country").asText()).isEqualTo("Switzerland");
        assertThat(zurich.get(0).get("region").asText()).isEqualTo("Zurich");

        assertThat(owner.json("/api/places?q=JUÁREZ").get("places").get(0).get("name").asText())
                .isEqualTo("Ciudad Juárez");
        assertThat(owner.json("/api/places?q=lisb").get("places").get(0).get("name").asText()).isEqualTo("Lisbon");

        JsonNode springfields = owner.json("/api/places?q=springfield&limit=20").get("places");
        List<String> regions = new ArrayList<>();
        long previous = Long.MAX_VALUE;
        for (JsonNode place : springfields) {
            assertThat(place.get("name").asText()).contains("Springfield");
            assertThat(place.get("population").asLong()).isLessThanOrEqualTo(previous);
            previous = place.get("population").asLong();
            regions.add(place.get("region").asText() + ", " + place.get("countryCode").asText());
        }
        assertThat(springfields.size()).isEqualTo(20);
        assertThat(regions).contains("Missouri, US", "Illinois, US", "Massachusetts, US");
        assertThat(owner.json("/api/places?q=").get("places").size()).isZero();
        assertThat(owner.get("/api/places?q=a&limit=many").statusCode()).isEqualTo(400);
    }

    @Test
    void place_search_answers_in_well_under_50_ms() {
        var search = new PlaceSearch(app.database().jdbi());
        List<String> typed = List.of("s", "sa", "san", "san f", "lo", "lon", "lond", "be", "ber", "zür", "juar",
                "new y", "springf", "m", "mü", "münch", "x", "qq");
        search.search("warm up", 10);
        List<Long> micros = new ArrayList<>();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (String text : typed) {
            long start = System.nanoTime();
            search.search(text, 10);
            micros.add((System.nanoTime() - start) / 1000);
        }
        long cpuMicros = (threads.getCurrentThreadCpuTime() - cpuStart) / 1000;
        List<Long> sorted = micros.stream().sorted().toList();
        System.out.println("place search: " + typed.size() + " queries, median " + sorted.get(sorted.size() / 2)
                + " µs, slowest " + sorted.getLast() + " µs, CPU " + cpuMicros / typed.size() + " µs a query: "
                + micros);
        // The median, not the slowest: the machine is shared, and one query may wait for another process.
        assertThat(sorted.get(sorted.size() / 2)).isLessThan(50_000);
    }
}
