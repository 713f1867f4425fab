package org.vitrine.place;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * PhotoPlaces keeps where each photo was taken: its place in words (computed from its coordinates, or named by
 * hand) and where its coordinates came from. What the owner set by hand is never replaced by processing.
 */
public final class PhotoPlaces {
    /** Where a location or place comes from. */
    public enum Source {
        EXIF, MANUAL;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Source parse(String code) {
            return code == null ? null : valueOf(code.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A photo's place and where it came from. */
    public record PhotoPlace(Place place, Source source) {
    }

    private static final Logger log = LoggerFactory.getLogger(PhotoPlaces.class);

    private final Jdbi jdbi;
    private final Geocoder geocoder;

    public PhotoPlaces(Jdbi jdbi, Geocoder geocoder) {
        this.jdbi = jdbi;
        this.geocoder = geocoder;
    }

    /**
     * Names the place of a photo from its coordinates (processing: run again, same result). A place named by
     * hand stays; a photo without coordinates has no computed place.
     */
    public void locate(long photoId) {
        var position = jdbi.withHandle(h -> h.createQuery(
                        "SELECT latitude, longitude FROM photos WHERE id = :id AND latitude IS NOT NULL "
                                + "AND longitude IS NOT NULL")
                .bind("id", photoId)
                .map((rs, ctx) -> new double[] {rs.getDouble("latitude"), rs.getDouble("longitude")})
                .findOne());
        if (source(photoId).orElse(null) == Source.MANUAL) {
            return;
        }
        Optional<Place> place = position.flatMap(p -> geocoder.locate(p[0], p[1]));
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE photos SET location_source = 'exif' WHERE id = :id AND latitude IS NOT NULL "
                    + "AND location_source IS NULL").bind("id", photoId).execute();
            // The condition again in the statement: a name set by hand while we computed wins.
            h.createUpdate("DELETE FROM photo_places WHERE photo_id = :id AND source <> 'manual'")
                    .bind("id", photoId).execute();
            place.ifPresent(p -> insert(h, photoId, p, Source.EXIF));
        });
        place.ifPresent(p -> log.debug("places: photo {} is in {}", photoId, p.label()));
    }

    /** Names a photo's place by hand: processing never replaces it. */
    public void setByHand(long photoId, Place place) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM photo_places WHERE photo_id = :id").bind("id", photoId).execute();
            insert(h, photoId, place, Source.MANUAL);
        });
    }

    /** Sets a photo's coordinates by hand (source manual: never replaced from EXIF), and names its place anew. */
    public void setLocationByHand(long photoId, double lat, double lon, Double altitude) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE photos SET latitude = :lat, longitude = :lon, altitude = :alt, "
                        + "location_source = 'manual' WHERE id = :id")
                .bind("lat", lat).bind("lon", lon).bind("alt", altitude).bind("id", photoId).execute());
        locate(photoId);
    }

    private static void insert(org.jdbi.v3.core.Handle h, long photoId, Place p, Source source) {
        h.createUpdate("INSERT INTO photo_places (photo_id, name, near, region, country, country_code, source) "
                        + "VALUES (:id, :name, :near, :region, :country, :code, :source)")
                .bind("id", photoId).bind("name", p.name()).bind("near", p.near() ? 1 : 0)
                .bind("region", p.region()).bind("country", p.country()).bind("code", p.countryCode())
                .bind("source", source.code()).execute();
    }

    private Optional<Source> source(long photoId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT source FROM photo_places WHERE photo_id = :id")
                .bind("id", photoId).mapTo(String.class).findOne().map(Source::parse));
    }

    /** Where a photo's coordinates came from, or empty if it has none. */
    public Optional<Source> locationSource(long photoId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT location_source FROM photos WHERE id = :id "
                        + "AND latitude IS NOT NULL")
                .bind("id", photoId).mapTo(String.class).findOne().map(Source::parse));
    }

    public Optional<PhotoPlace> of(long photoId) {
        return Optional.ofNullable(ofPhotos("p.id = :id", Map.of("id", photoId)).get(photoId));
    }

    /** The places of every photo of an album, by photo id, in one query. */
    public Map<Long, PhotoPlace> ofAlbum(long albumId) {
        return ofPhotos("p.album_id = :id", Map.of("id", albumId));
    }

    /** Where the coordinates of every located photo of an album came from, by photo id. */
    public Map<Long, Source> locationSourcesOfAlbum(long albumId) {
        return jdbi.withHandle(h -> {
            Map<Long, Source> sources = new HashMap<>();
            h.createQuery("SELECT id, location_source FROM photos WHERE album_id = :id AND latitude IS NOT NULL")
                    .bind("id", albumId)
                    .map((rs, ctx) -> sources.put(rs.getLong("id"), Optional.ofNullable(
                            Source.parse(rs.getString("location_source"))).orElse(Source.EXIF)))
                    .list();
            return sources;
        });
    }

    private Map<Long, PhotoPlace> ofPhotos(String condition, Map<String, Object> binds) {
        return jdbi.withHandle(h -> {
            Map<Long, PhotoPlace> places = new HashMap<>();
            h.createQuery("SELECT pp.photo_id, pp.name, pp.near, pp.region, pp.country, pp.country_code, pp.source "
                            + "FROM photo_places pp JOIN photos p ON p.id = pp.photo_id WHERE " + condition)
                    .bindMap(binds)
                    .map((rs, ctx) -> places.put(rs.getLong("photo_id"), new PhotoPlace(
                            new Place(rs.getString("name"), rs.getInt("near") == 1, rs.getString("region"),
                                    rs.getString("country"), rs.getString("country_code")),
                            Source.parse(rs.getString("source")))))
                    .list();
            return places;
        });
    }
}
