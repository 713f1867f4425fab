package org.vitrine.site;

import org.jdbi.v3.core.Jdbi;

import java.util.Locale;
import java.util.Optional;

/**
 * SiteSettings holds what the owner changes in the browser rather than in the environment (the site's title),
 * in the database, so every web process sees a change at once. It is the one place the site's title comes from.
 */
public final class SiteSettings {
    /** The title of a site whose owner has not named it. */
    public static final String DEFAULT_TITLE = "Vitrine";
    public static final int MAX_TITLE_LENGTH = 100;

    /** The settings kept in the table, stored under their lower-case names. */
    private enum Name {
        TITLE, SHARE_LINK_EXPIRY_DAYS, UNLOCK_SECRET;

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Jdbi jdbi;

    public SiteSettings(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * The site's title, shown in every page's header and window title. Read on each page rather than cached:
     * it is one primary-key lookup, and a cache would go stale in the other processes sharing the database.
     */
    public String title() {
        return value(Name.TITLE).filter(title -> !title.isBlank()).orElse(DEFAULT_TITLE);
    }

    /** Renames the site; a title must have 1 to {@value #MAX_TITLE_LENGTH} characters after trimming. */
    public void setTitle(String title) {
        String trimmed = title == null ? "" : title.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException("The site's title must have 1 to " + MAX_TITLE_LENGTH
                    + " characters.");
        }
        put(Name.TITLE, trimmed);
    }

    /** A new share link's expiry, in days, unless the owner picks another; 0 means links never expire. */
    public static final int DEFAULT_SHARE_LINK_EXPIRY_DAYS = 30;
    public static final int MAX_SHARE_LINK_EXPIRY_DAYS = 3650;

    /** The expiry the share-link dialog offers for a new link, in days (0: never). */
    public int shareLinkExpiryDays() {
        return value(Name.SHARE_LINK_EXPIRY_DAYS).map(v -> {
            try {
                return Math.clamp(Integer.parseInt(v), 0, MAX_SHARE_LINK_EXPIRY_DAYS);
            } catch (NumberFormatException e) {
                return DEFAULT_SHARE_LINK_EXPIRY_DAYS;
            }
        }).orElse(DEFAULT_SHARE_LINK_EXPIRY_DAYS);
    }

    public void setShareLinkExpiryDays(int days) {
        if (days < 0 || days > MAX_SHARE_LINK_EXPIRY_DAYS) {
            throw new IllegalArgumentException("A share link's default expiry must be 0 (never) to "
                    + MAX_SHARE_LINK_EXPIRY_DAYS + " days.");
        }
        put(Name.SHARE_LINK_EXPIRY_DAYS, String.valueOf(days));
    }

    /**
     * The secret that signs unlock cookies, the same for every web process: made on first use by whichever
     * process gets there first (the insert that loses changes nothing), then read.
     */
    public byte[] unlockSecret() {
        String fresh = org.vitrine.access.Unlocks.newSecret(new java.security.SecureRandom());
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO site_settings (name, value) VALUES (:name, :value)
                        ON CONFLICT (name) DO NOTHING""")
                .bind("name", Name.UNLOCK_SECRET.column())
                .bind("value", fresh)
                .execute());
        return java.util.HexFormat.of().parseHex(value(Name.UNLOCK_SECRET).orElseThrow());
    }

    private Optional<String> value(Name name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT value FROM site_settings WHERE name = :name")
                .bind("name", name.column())
                .mapTo(String.class)
                .findOne());
    }

    private void put(Name name, String value) {
        // ON CONFLICT ... DO UPDATE is understood alike by SQLite (3.24+) and PostgreSQL.
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO site_settings (name, value) VALUES (:name, :value)
                        ON CONFLICT (name) DO UPDATE SET value = excluded.value""")
                .bind("name", name.column())
                .bind("value", value)
                .execute());
    }
}
