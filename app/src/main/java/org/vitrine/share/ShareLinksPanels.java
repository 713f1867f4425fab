package org.vitrine.share;

import org.vitrine.access.LinkOptions;
import org.vitrine.access.Visibility;
import org.vitrine.album.Album;
import org.vitrine.site.SiteSettings;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** ShareLinksPanels builds the owner's share-link panel of an album. */
public final class ShareLinksPanels {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final ShareLinkDao links;
    private final SiteSettings settings;
    private final URI baseUrl;
    private final Clock clock;

    public ShareLinksPanels(ShareLinkDao links, SiteSettings settings, URI baseUrl, Clock clock) {
        this.links = links;
        this.settings = settings;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    public ShareLinksPanel of(Album album) {
        long now = clock.millis();
        var rows = links.listByAlbum(album.id()).stream().map(l -> new ShareLinksPanel.Row(l.id(),
                l.label().isBlank() ? "Link " + l.id() : l.label(),
                baseUrl + "/a/" + album.slug() + "?key=" + l.key(),
                switch (l.stateAt(now)) {
                    case LIVE -> "Active";
                    case EXPIRED -> "Expired";
                    case REVOKED -> "Revoked";
                },
                l.expiresAt() == null ? "Never" : DAY.format(Instant.ofEpochMilli(l.expiresAt())),
                l.viewCount(), l.lastViewedAt() == null ? "Never" : DAY.format(Instant.ofEpochMilli(l.lastViewedAt())),
                l.hasPassword(), options(l.options()),
                "/admin/links/" + l.id() + "/revoke", "/admin/links/" + l.id() + "/replace")).toList();
        String base = "/admin/albums/" + album.id();
        return new ShareLinksPanel(rows, settings.shareLinkExpiryDays(), base + "/links", base + "/password",
                album.hasPassword(), album.visibility() == Visibility.UNLISTED);
    }

    private static String options(LinkOptions o) {
        List<String> on = new ArrayList<>();
        if (o.originals()) {
            on.add("originals");
        }
        if (o.location()) {
            on.add("location");
        }
        if (o.cameraDetails()) {
            on.add("camera details and file names");
        }
        if (o.nestedAlbums()) {
            on.add("albums inside");
        }
        if (o.comments()) {
            on.add("comments");
        }
        return on.isEmpty() ? "Photos only" : "Shows " + String.join(", ", on);
    }
}
