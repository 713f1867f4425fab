package org.vitrine.user;

import org.vitrine.web.PageContext;

/**
 * LoginPage is the owner's sign-in form; next is the local path to return to after signing in, error is null or
 * says what went wrong.
 */
public record LoginPage(PageContext page, String email, String next, String error) {
}
