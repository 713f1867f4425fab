package org.vitrine.nodes;

import java.util.Locale;
import java.util.Optional;

/**
 * Change is one committed write that other web nodes must hear of because they remember something it alters:
 * what kind of thing changed and which one. It travels as a short text ({@code photo:42}), the payload of a
 * PostgreSQL notification.
 */
public record Change(Kind kind, String subject) {
    /** Kind is the closed set of things a node remembers and must forget when another node changes them. */
    public enum Kind {
        /** A photo deleted, rotated, remade: its served files and their access. Subject: the photo id. */
        PHOTO,
        /** An album made private, re-keyed or deleted: every photo in it. Subject: the album id. */
        ALBUM,
        /** One session ended (sign-out). Subject: the SHA-256 of its token, as stored. */
        SESSION,
        /** Every session of a user ended (password change). Subject: the user id. */
        USER_SESSIONS,
        /**
         * A share link revoked or changed. Subject: the link's id. Sent by MediaChanges.shareLinkChanged, the hook
         * for share links; applied on the other nodes by the same method of their index.
         */
        SHARE_LINK
    }

    public static Change photo(long photoId) {
        return new Change(Kind.PHOTO, String.valueOf(photoId));
    }

    public static Change album(long albumId) {
        return new Change(Kind.ALBUM, String.valueOf(albumId));
    }

    public static Change session(String tokenHash) {
        return new Change(Kind.SESSION, tokenHash);
    }

    public static Change sessionsOf(long userId) {
        return new Change(Kind.USER_SESSIONS, String.valueOf(userId));
    }

    public static Change shareLink(long linkId) {
        return new Change(Kind.SHARE_LINK, String.valueOf(linkId));
    }

    /** The subject as a number (ids of photos, albums, users, links). */
    public long id() {
        return Long.parseLong(subject);
    }

    /** The text sent between nodes. */
    public String encode() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + subject;
    }

    /** The change a payload names; empty for anything else (a newer node's kind, a stray NOTIFY by hand). */
    public static Optional<Change> parse(String payload) {
        int colon = payload == null ? -1 : payload.indexOf(':');
        if (colon <= 0 || colon == payload.length() - 1) {
            return Optional.empty();
        }
        Kind kind;
        try {
            kind = Kind.valueOf(payload.substring(0, colon).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String subject = payload.substring(colon + 1);
        boolean wellFormed = kind == Kind.SESSION
                ? subject.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
                : subject.length() < 19 && subject.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!wellFormed) {
            return Optional.empty();
        }
        return Optional.of(new Change(kind, subject));
    }
}
