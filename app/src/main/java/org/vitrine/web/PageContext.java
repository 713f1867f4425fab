package org.vitrine.web;

/**
 * PageContext is what every page's layout needs: the title, who is looking, the CSRF token for its forms,
 * a one-time message from the previous action, and the site's name for the header.
 *
 * @param userEmail the signed-in owner's email, or null for a visitor
 * @param flash     a message to show once (e.g. "Album saved"), or null
 * @param flashKind "ok" or "error"
 * @param siteName  the name in the header and the window title (the owner's, from site/SiteSettings)
 */
public record PageContext(String title, String userEmail, String csrfToken, String flash, String flashKind,
                          String siteName) {

    public PageContext {
        java.util.Objects.requireNonNull(siteName, "siteName");
    }

    public boolean signedIn() {
        return userEmail != null;
    }
}
