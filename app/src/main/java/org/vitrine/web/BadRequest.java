package org.vitrine.web;

/** BadRequest answers 400 (or another 4xx status) with a message that says what was wrong. */
public final class BadRequest extends RuntimeException {
    private final int status;

    public BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public BadRequest(String message) {
        this(400, message);
    }

    public int status() {
        return status;
    }
}
