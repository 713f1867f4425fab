package org.vitrine.user;

/** User is an account that can sign in and manage albums (for now: the site's owner). */
public record User(long id, String email) {
}
