package org.vitrine.user;

import org.vitrine.web.PageContext;

/** SetupPage creates the owner account on first run, reached only through the one-time link. */
public record SetupPage(PageContext page, String token, String email, String error) {
}
