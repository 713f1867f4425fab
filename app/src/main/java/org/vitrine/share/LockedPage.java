package org.vitrine.share;

import org.vitrine.web.PageContext;

/**
 * LockedPage asks for the password of an album or a share link.
 *
 * @param lock     the lock's name, posted back
 * @param back     where to go once unlocked (the page asked for)
 * @param linkLock whether it is the link's password (else the album's)
 * @param error    what went wrong with the last try, or null
 */
public record LockedPage(PageContext page, String albumTitle, String action, String lock, String back,
                         boolean linkLock, String error) {
}
