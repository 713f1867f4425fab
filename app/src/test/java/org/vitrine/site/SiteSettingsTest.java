package org.vitrine.site;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.db.Database;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;
import org.vitrine.testing.TestDatabases;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SiteSettingsTest: the site's title lives in the database, and every page shows it. */
class SiteSettingsTest {
    @TempDir
    Path dir;

    @Test
    void the_title_is_vitrine_until_the_owner_names_the_site_on_sqlite() {
        try (Database database = TestDatabases.sqlite(dir)) {
            titleIsKeptAndChecked(new SiteSettings(database.jdbi()));
        }
    }

    @Test
    void the_title_is_vitrine_until_the_owner_names_the_site_on_postgresql() {
        try (Database database = TestDatabases.postgres()) {
            titleIsKeptAndChecked(new SiteSettings(database.jdbi()));
        }
    }

    @Test
    void share_link_expiry_and_the_unlock_secret_are_kept_on_sqlite_and_postgresql() {
        try (Database sqlite = TestDatabases.sqlite(dir.resolve("links")); Database postgres = TestDatabases.postgres()) {
            for (Database database : java.util.List.of(sqlite, postgres)) {
                var settings = new SiteSettings(database.jdbi());
                assertThat(settings.shareLinkExpiryDays()).isEqualTo(SiteSettings.DEFAULT_SHARE_LINK_EXPIRY_DAYS);
                settings.setShareLinkExpiryDays(0);
                assertThat(settings.shareLinkExpiryDays()).isZero();
                assertThatThrownBy(() -> settings.setShareLinkExpiryDays(-1))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 (never)");
                byte[] secret = settings.unlockSecret();
                // Made once, then the same for every process that asks (each makes its own SiteSettings).
                assertThat(secret).hasSize(32).isEqualTo(new SiteSettings(database.jdbi()).unlockSecret());
            }
        }
    }

    private static void titleIsKeptAndChecked(SiteSettings settings) {
        assertThat(settings.title()).isEqualTo("Vitrine");

        settings.setTitle("  Ada's photos ");
        assertThat(settings.title()).isEqualTo("Ada's photos");
        settings.setTitle("Ada & Bob");
        assertThat(settings.title()).isEqualTo("Ada & Bob");

        assertThatThrownBy(() -> settings.setTitle("   ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The site's title must have 1 to 100 characters.");
        assertThatThrownBy(() -> settings.setTitle("x".repeat(101))).isInstanceOf(IllegalArgumentException.class);
        assertThat(settings.title()).isEqualTo("Ada & Bob");
    }

    @Test
    void pages_show_the_title_from_the_database_as_soon_as_it_changes() {
        try (var app = TestApp.start(dir.resolve("data"))) {
            var browser = new HttpSession(app.config().baseUrl());
            assertThat(browser.get("/").body()).contains("<title>Vitrine</title>")
                    .contains("<a class=\"brand\" href=\"/\">Vitrine</a>");

            new SiteSettings(app.database().jdbi()).setTitle("Ada & Bob");

            assertThat(browser.get("/").body()).contains("<title>Ada &amp; Bob</title>")
                    .contains("<a class=\"brand\" href=\"/\">Ada &amp; Bob</a>")
                    .contains("<h1 class=\"visually-hidden\">Ada &amp; Bob</h1>")
                    .doesNotContain("Vitrine");
            assertThat(browser.get("/login").body()).contains("<title>Sign in · Ada &amp; Bob</title>");
        }
    }
}
