package org.vitrine.testing;

import org.vitrine.App;
import org.vitrine.album.Album;
import org.vitrine.album.AlbumFormPage;
import org.vitrine.access.Visibility;

import java.util.Map;

/**
 * Fixtures builds what tests need on a running app: the owner account, a signed-in session, albums.
 */
public final class Fixtures {
    public static final String OWNER_EMAIL = "owner@example.com";
    public static final String OWNER_PASSWORD = "correct horse battery";

    private final App app;

    public Fixtures(App app) {
        this.app = app;
    }

    public void owner() {
        if (!app.accounts().hasUsers()) {
            app.accounts().create(OWNER_EMAIL, OWNER_PASSWORD);
        }
    }

    /** A session signed in as the owner, through the real login form. */
    public HttpSession signedIn() {
        owner();
        var session = new HttpSession(app.config().baseUrl());
        session.csrfFrom("/login");
        var response = session.postForm("/login", Map.of("email", OWNER_EMAIL, "password", OWNER_PASSWORD));
        if (response.statusCode() != 303) {
            throw new AssertionError("login failed: " + response.statusCode() + " " + response.body());
        }
        // The CSRF token is tied to the session: the one from the sign-in page is void once signed in.
        session.csrfFrom("/admin");
        return session;
    }

    public Album album(String title, Visibility visibility) {
        var result = app.albumEditor().create(new AlbumFormPage.AlbumForm(title, "", "", visibility.code()));
        if (result.album() == null) {
            throw new AssertionError(result.errors());
        }
        return result.album();
    }
}
