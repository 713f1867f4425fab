package org.vitrine.web;

/** ErrorPage is the page shown for a 404, 403 or failure, with a message in plain words. */
public record ErrorPage(PageContext page, int status, String message) {
}
