package org.vitrine.web;

/**
 * NotFound answers 404. Pages a visitor may not see also answer 404, so that a private album cannot be told
 * apart from one that does not exist.
 */
public final class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message, null, false, false);
    }

    public NotFound() {
        this("This page does not exist, or is not shared with you.");
    }
}
