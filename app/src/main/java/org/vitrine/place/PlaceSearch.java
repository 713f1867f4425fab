package org.vitrine.place;

import org.jdbi.v3.core.Jdbi;

import java.util.List;

/**
 * PlaceSearch finds places by the start of any word of their name, whatever the case and diacritics ("zur" finds
 * Zürich, "juarez" Ciudad Juárez), the most populous first, with region and country to tell the many
 * Springfields apart.
 */
public final class PlaceSearch {
    /** The most answers one search gives. */
    public static final int LIMIT = 20;
    /** The population of a "large" place, looked for first. */
    private static final long LARGE = 50_000;

    private final Jdbi jdbi;

    public PlaceSearch(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** A place found: where it is and how many live there. */
    public record Found(long id, String name, String region, String country, String countryCode, double lat,
                        double lon, long population) {
    }

    /** The places whose name has a word starting with {@code text}, most populous first; none for blank text. */
    public List<Found> search(String text, int limit) {
        String prefix = SearchWords.normalize(text == null ? "" : text);
        if (prefix.isEmpty()) {
            return List.of();
        }
        int wanted = Math.clamp(limit, 1, LIMIT);
        // A short prefix matches tens of thousands of words: the large places among them are found first, from
        // far fewer rows; only if they are too few is every match read. Either way the answer is the top places.
        List<Found> large = search(prefix, wanted, LARGE);
        return large.size() >= wanted ? large : search(prefix, wanted, 0);
    }

    private List<Found> search(String prefix, int limit, long minPopulation) {
        // A prefix as a range on the bytewise word index; the index also holds the population, so the top places
        // are picked from it before any place row is read. A place found by two of its words counts once.
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT p.id, p.name, p.region, p.country_code, p.latitude, p.longitude, p.population
                        FROM places p
                        JOIN (SELECT place_id, MAX(population) AS population FROM place_words
                              WHERE word >= :from AND word < :to AND population >= :minPopulation
                              GROUP BY place_id
                              ORDER BY population DESC, place_id
                              LIMIT :limit) found ON found.place_id = p.id
                        ORDER BY p.population DESC, p.id""")
                .bind("from", prefix)
                .bind("to", prefix + Character.MAX_VALUE)
                .bind("minPopulation", minPopulation)
                .bind("limit", limit)
                .map((rs, ctx) -> new Found(rs.getLong("id"), rs.getString("name"), rs.getString("region"),
                        Geocoder.countryName(rs.getString("country_code")), rs.getString("country_code"),
                        rs.getDouble("latitude"), rs.getDouble("longitude"), rs.getLong("population")))
                .list());
    }
}
