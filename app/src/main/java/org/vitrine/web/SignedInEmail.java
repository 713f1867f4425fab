package org.vitrine.web;

import io.javalin.http.Context;

import java.util.Optional;

/**
 * SignedInEmail tells the page frame whose account is signed in (shown in the header), so web plumbing needs no
 * knowledge of accounts; the user package answers it.
 */
@FunctionalInterface
public interface SignedInEmail {
    Optional<String> email(Context ctx);
}
