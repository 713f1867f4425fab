package org.vitrine.album;

/** LinkGone answers 410: the share link a visitor came with was revoked or has expired. */
public final class LinkGone extends RuntimeException {
    public LinkGone() {
        super("This link has been revoked or has expired. Ask the person who sent it for a new one.", null, false,
                false);
    }
}
