package org.vitrine.place;

import io.javalin.http.Context;
import org.vitrine.access.AccessPolicy;
import org.vitrine.access.Resource;
import org.vitrine.access.Viewers;
import org.vitrine.web.NotFound;

import java.util.List;

/**
 * PlaceController answers the owner's place search as they type (GET /api/places?q=lisb): a tool of the
 * editors, not a page for visitors, who get the same "not found" as for anything not shared with them.
 */
public final class PlaceController {
    private final PlaceSearch search;
    private final AccessPolicy policy;
    private final Viewers viewers;

    public PlaceController(PlaceSearch search, AccessPolicy policy, Viewers viewers) {
        this.search = search;
        this.policy = policy;
        this.viewers = viewers;
    }

    /** GET /api/places?q=TEXT[&limit=N]: the places whose name has a word starting with TEXT, largest first. */
    public void search(Context ctx) {
        if (!policy.maySeeSiteWide(viewers.of(ctx), Resource.PLACE_SEARCH)) {
            throw new NotFound();
        }
        int limit = parseLimit(ctx.queryParam("limit"));
        var places = search.search(ctx.queryParam("q"), limit).stream()
                .map(f -> new PlaceJson(f.name(), f.region(), f.country(), f.countryCode(), f.lat(), f.lon(),
                        f.population()))
                .toList();
        ctx.header("Cache-Control", "no-store");
        ctx.json(new PlaceList(places, PlaceAttribution.TEXT));
    }

    private static int parseLimit(String text) {
        if (text == null || text.isBlank()) {
            return 10;
        }
        try {
            return Math.clamp(Integer.parseInt(text.strip()), 1, PlaceSearch.LIMIT);
        } catch (NumberFormatException e) {
            throw new org.vitrine.web.BadRequest(400, "limit must be a whole number from 1 to " + PlaceSearch.LIMIT + ".");
        }
    }

    record PlaceList(List<PlaceJson> places, String attribution) {
    }

    record PlaceJson(String name, String region, String country, String countryCode, double lat, double lon,
                     long population) {
    }
}
