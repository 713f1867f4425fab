package org.vitrine.place;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.db.Database;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The geocoder on a table of points whose right answer is known: at and near borders (where the nearest place is
 * across the border), in and around cities of every size, at sea and in the middle of nowhere. Real places data,
 * loaded as on a first start into a real database, SQLite or PostgreSQL (one subclass each); and the search on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GeocoderContract {
    /**
     * lat | lon | expected: "Name, CC", "near Name, CC", "-, CC" (no place, only region and country) or "sea".
     */
    static final String TABLE = """
            47.5580 |    7.5878 | Basel, CH                 | Basel, old town
            47.5947 |    7.6108 | Weil am Rhein, DE         | across the Rhine from Basel, Germany
            47.5860 |    7.5620 | Saint-Louis, FR           | 3 km from Basel, France
            47.5788 |    7.6466 | Riehen, CH                | a town beside Basel, Switzerland
            48.5839 |    7.7455 | Strasbourg, FR            | Strasbourg cathedral
            48.5724 |    7.8156 | Kehl, DE                  | Kehl, 5 km from Strasbourg's centre, Germany
            31.7587 | -106.4869 | El Paso, US               | downtown El Paso
            31.7202 | -106.4608 | Ciudad Juárez, MX         | Ciudad Juárez, across the Rio Grande
            46.2044 |    6.1432 | Genève, CH                | Geneva
            46.1934 |    6.2342 | Annemasse, FR             | Annemasse, 7 km from Geneva, France
            46.2558 |    6.1081 | Ferney-Voltaire, FR       | Ferney-Voltaire, beside Geneva's airport, France
            51.1555 |   14.9870 | Görlitz, DE               | Görlitz, Obermarkt
            51.1500 |   15.0083 | Zgorzelec, PL             | Zgorzelec, across the Neisse
            42.3314 |  -83.0458 | Detroit, US               | Detroit
            42.3149 |  -83.0364 | Windsor, CA               | Windsor, across the Detroit river
            32.5027 | -117.0037 | Tijuana, MX               | Tijuana
            48.1734 |   11.5755 | Munich, DE                | 4 km north of the centre of Munich (1.5 million)
            48.2082 |   16.4280 | Vienna, AT                | 4 km east of the centre of Vienna
            38.7223 |   -9.1393 | Lisbon, PT                | Lisbon
            35.6895 |  139.6917 | Tokyo, JP                 | Tokyo
            -33.8688 |  151.2093 | Sydney, AU               | Sydney
            1.2897 |  103.8501 | Singapore, SG             | Singapore
            43.7384 |    7.4246 | Monaco, MC                | Monaco
            41.9029 |   12.4534 | Vatican City, VA          | St Peter's square
            46.0207 |    7.7491 | Zermatt, CH               | Zermatt, a village of 5,000
            -22.9711 |  -43.1822 | Rio de Janeiro, BR       | Copacabana beach, on the coast
            38.1700 | -117.2301 | near Tonopah, US          | desert 11 km north of Tonopah, Nevada
            -22.0000 |  128.0000 | -, AU                    | Gibson Desert, Western Australia
            72.0000 |  -40.0000 | -, GL                     | the Greenland ice sheet
            45.0000 |  -30.0000 | sea                       | the middle of the Atlantic
            55.0000 |    3.0000 | sea                       | the North Sea
            38.0000 |    5.0000 | sea                       | the Mediterranean between Spain and Algeria
            -40.0000 | -140.0000 | sea                      | the South Pacific
            """;

    @TempDir
    static Path dir;
    private Database database;

    abstract Database open(Path dir);
    private Geocoder geocoder;

    @BeforeAll
    void load() {
        database = open(dir);
        long start = System.nanoTime();
        new PlacesLoader(database.jdbi(), Clock.systemUTC()).loadIfMissing();
        System.out.println("places: loaded in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        geocoder = new Geocoder(database.jdbi());
    }

    @AfterAll
    void close() {
        database.close();
    }

    record Row(double lat, double lon, String expected, String what) {
        static List<Row> all() {
            return TABLE.strip().lines().map(line -> {
                String[] f = line.split("\\|");
                return new Row(Double.parseDouble(f[0].strip()), Double.parseDouble(f[1].strip()), f[2].strip(),
                        f[3].strip());
            }).toList();
        }
    }

    static String answer(Optional<Place> place) {
        if (place.isEmpty()) {
            return "sea";
        }
        Place p = place.get();
        return (p.name() == null ? "-" : (p.near() ? "near " : "") + p.name()) + ", " + p.countryCode();
    }

    @TestFactory
    Stream<DynamicTest> each_point_of_the_table_gets_its_place() {
        return Row.all().stream().map(row -> DynamicTest.dynamicTest(row.what() + " → " + row.expected(),
                () -> assertThat(answer(geocoder.locate(row.lat(), row.lon()))).isEqualTo(row.expected())));
    }

    @Test
    void accuracy_on_the_table() {
        List<Row> rows = Row.all();
        long start = System.nanoTime();
        rows.forEach(r -> geocoder.locate(r.lat(), r.lon()));
        System.out.println("geocoder: " + rows.size() + " points in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        long right = rows.stream().filter(r -> answer(geocoder.locate(r.lat(), r.lon())).equals(r.expected())).count();
        rows.forEach(r -> System.out.println("geocoder: " + r.what() + ": expected " + r.expected() + ", got "
                + answer(geocoder.locate(r.lat(), r.lon()))));
        System.out.println("geocoder: " + right + " of " + rows.size() + " points right");
        assertThat(right).isEqualTo(rows.size());
    }

    @Test
    void a_place_has_its_region_and_country_in_words() {
        Place basel = geocoder.locate(47.5580, 7.5878).orElseThrow();
        assertThat(basel).isEqualTo(new Place("Basel", false, "Basel-City", "Switzerland", "CH"));
        assertThat(basel.label()).isEqualTo("Basel, Basel-City, Switzerland");
    }

    @Test
    void search_finds_word_starts_without_diacritics_largest_first() {
        var search = new PlaceSearch(database.jdbi());
        assertThat(search.search("gorl", 5)).first().extracting(PlaceSearch.Found::name).isEqualTo("Görlitz");
        assertThat(search.search("Saint-Louis", 20)).extracting(PlaceSearch.Found::countryCode).contains("FR", "US");
        assertThat(search.search("juarez", 1)).first().extracting(PlaceSearch.Found::name)
                .isEqualTo("Ciudad Juárez");
        var found = search.search("san", 20);
        assertThat(found).hasSize(20);
        assertThat(found).extracting(PlaceSearch.Found::population).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(search.search("   ", 5)).isEmpty();
    }

    @Test
    void loading_again_does_nothing() {
        assertThat(new PlacesLoader(database.jdbi(), Clock.systemUTC()).loadIfMissing()).isFalse();
    }
}
