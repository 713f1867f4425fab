package org.vitrine.web;

/**
 * PageContext is what every page's layout needs: the title, who is looking, the CSRF token for its forms,
 * and a one-time message from the previous action.
 *
 * @param userEmail the signed-in owner's email, or null for a visitor
 * @param flash     a message to show once (e.g. "Album saved"), or null
 * @param flashKind "ok" or "error"
 */
public record PageContext(String title, String userEmail, String csrfToken, String flash, String flashKind) {
    public boolean signedIn() {
        return userEmail != null;
    }
}
