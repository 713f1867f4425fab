package org.vitrine.web;

/** SignInRequired sends a visitor of an owner-only page to the sign-in page (JSON clients get a 401). */
public final class SignInRequired extends RuntimeException {
    public SignInRequired() {
        super("Sign in to continue.", null, false, false);
    }
}
