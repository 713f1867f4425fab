package org.vitrine.user;

import org.vitrine.web.PageContext;

/** LoginPage is the owner's sign-in form; error is null or says what went wrong. */
public record LoginPage(PageContext page, String email, String error) {
}
