package org.vitrine.place;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Geocoder names the place of a point, offline, from the places data in the database: first the country whose
 * border contains the point, then the best place in that country, weighing distance against size (a point 4 km
 * from the centre of a city of a million is in that city, not in the village 1 km away). Within about 25 km it is
 * "near" that place; beyond, only the region and country; at sea, nothing. Nothing is kept in memory between
 * calls: each reads the few borders and places around the point.
 */
public final class Geocoder {
    /** How far a photo is still "near" a place. */
    static final double NEAR_KM = 25;
    /** How far the region of the nearest place is still taken as the point's region. */
    private static final double REGION_KM = 60;
    /**
     * A point outside every border but this close to a place (a beach, a pier, a harbour: the 1:10m coastline is
     * coarse) takes that place's country; farther out it is at sea.
     */
    private static final double COAST_KM = 3;
    private static final double KM_PER_DEGREE = 111.2;
    /**
     * Natural Earth's 1:10m borders are off by up to a kilometre or so (at Görlitz the Neisse is drawn 600 m into
     * Germany): within this distance of its country's border a point may instead be in a town across it, but
     * only one whose core it is in (see {@link #ACROSS_REACH}) and that fits better than any on this side.
     */
    private static final double BORDER_DOUBT_KM = 2;
    /**
     * How close to the centre of a town across a doubtful border the point must be: in its core whatever its size
     * (Windsor's centre is 2 km from Detroit's, and that is still Canada).
     */
    private static final double ACROSS_KM = 1;

    private final Jdbi jdbi;
    private final GeometryFactory geometries = new GeometryFactory();

    public Geocoder(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A candidate place and its distance from the point. */
    private record Candidate(String name, String region, String countryCode, long population, double km) {
        /**
         * How far the point is from the place in units of the place's own size: the radius of a town of that
         * population at about 3,000 people per km² (a million: 10 km; a village: at least 1 km).
         */
        double reach() {
            return km / radiusKm();
        }

        double radiusKm() {
            return Math.max(1.0, Math.sqrt(population / (3000 * Math.PI)));
        }
    }

    /** The place of a point, or empty at sea (or before the places data is loaded). */
    public Optional<Place> locate(double lat, double lon) {
        if (!Double.isFinite(lat) || !Double.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> {
            List<Candidate> around = candidates(h, lat, lon, REGION_KM);
            Optional<Country> country = countryAt(h, lat, lon);
            if (country.isEmpty()) {
                // Outside every border: on a beach or a pier that the coarse coastline leaves out, or at sea.
                return around.stream().filter(c -> c.km() <= COAST_KM || c.reach() <= 1)
                        .min(Comparator.comparingDouble(Candidate::reach))
                        .map(c -> placeIn(c.countryCode(), around));
            }
            String code = country.get().code();
            if (country.get().kmToBorder() <= BORDER_DOUBT_KM) {
                Optional<Candidate> here = best(around, code);
                Optional<Candidate> across = around.stream()
                        .filter(c -> !c.countryCode().equals(code) && c.km() <= ACROSS_KM)
                        .min(Comparator.comparingDouble(Candidate::reach));
                if (across.isPresent() && (here.isEmpty() || across.get().reach() < here.get().reach())) {
                    return Optional.of(placeIn(across.get().countryCode(), around));
                }
            }
            return Optional.of(placeIn(code, around));
        });
    }

    /** The best place in this country: the one the point is deepest in, in units of each place's size. */
    private static Optional<Candidate> best(List<Candidate> around, String countryCode) {
        return around.stream()
                .filter(c -> c.countryCode().equals(countryCode) && c.km() <= Math.max(NEAR_KM, c.radiusKm()))
                .min(Comparator.comparingDouble(Candidate::reach));
    }

    private static Place placeIn(String countryCode, List<Candidate> around) {
        String country = countryName(countryCode);
        List<Candidate> inCountry = around.stream().filter(c -> c.countryCode().equals(countryCode)).toList();
        Optional<Candidate> best = best(inCountry, countryCode);
        if (best.isPresent()) {
            Candidate c = best.get();
            return new Place(c.name(), c.reach() > 1, c.region(), country, countryCode);
        }
        String region = inCountry.stream().min(Comparator.comparingDouble(Candidate::km))
                .map(Candidate::region).orElse(null);
        return new Place(null, false, region, country, countryCode);
    }

    /** "Switzerland" for CH; the code itself if Java has no English name for it. */
    static String countryName(String code) {
        String name = Locale.of("", code).getDisplayCountry(Locale.ENGLISH);
        return name.isBlank() ? code : name;
    }

    /** The country whose border holds a point, and how far the point is from that border. */
    private record Country(String code, double kmToBorder) {
    }

    private Optional<Country> countryAt(Handle h, double lat, double lon) {
        Point point = geometries.createPoint(new Coordinate(lon, lat));
        var reader = new WKBReader(geometries);
        // Candidates by bounding box (read from the index), then the exact test on the few whose box holds it.
        return h.createQuery("SELECT country_code, shape FROM country_borders "
                        + "WHERE min_lat <= :lat AND max_lat >= :lat AND min_lon <= :lon AND max_lon >= :lon "
                        + "ORDER BY (max_lat - min_lat) * (max_lon - min_lon)")
                .bind("lat", lat).bind("lon", lon)
                .map((rs, ctx) -> {
                    Geometry border = border(reader, rs.getString("shape"));
                    if (!border.covers(point)) {
                        return null;
                    }
                    // Degrees to km along a parallel: the shorter way, so a doubtful border is never missed.
                    double km = border.getBoundary().distance(point) * KM_PER_DEGREE * Math.cos(Math.toRadians(lat));
                    return new Country(rs.getString("country_code"), km);
                })
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    private static Geometry border(WKBReader reader, String shape) {
        try {
            return reader.read(Base64.getDecoder().decode(shape));
        } catch (ParseException e) {
            throw new IllegalStateException("A stored country border is damaged; reload the places data", e);
        }
    }

    /** The places within {@code km} of the point (read as a box from the position index, then by distance). */
    private static List<Candidate> candidates(Handle h, double lat, double lon, double km) {
        double dLat = km / KM_PER_DEGREE;
        double dLon = km / (KM_PER_DEGREE * Math.max(0.01, Math.cos(Math.toRadians(lat))));
        return h.createQuery("SELECT name, region, country_code, population, latitude, longitude FROM places "
                        + "WHERE latitude BETWEEN :minLat AND :maxLat AND longitude BETWEEN :minLon AND :maxLon")
                .bind("minLat", lat - dLat).bind("maxLat", lat + dLat)
                .bind("minLon", lon - dLon).bind("maxLon", lon + dLon)
                .map((rs, ctx) -> new Candidate(rs.getString("name"), rs.getString("region"),
                        rs.getString("country_code"), rs.getLong("population"),
                        kilometres(lat, lon, rs.getDouble("latitude"), rs.getDouble("longitude"))))
                .stream().filter(c -> c.km() <= km).toList();
    }

    /** Great-circle distance (haversine). */
    static double kilometres(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6371.0 * Math.asin(Math.sqrt(a));
    }
}
