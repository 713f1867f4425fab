package org.vitrine.album;

import org.vitrine.access.ShareKeys;
import org.vitrine.access.Visibility;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** AlbumEditor validates album forms and creates, updates and deletes albums. */
public final class AlbumEditor {
    private final AlbumDao albums;
    private final SecureRandom random;

    public AlbumEditor(AlbumDao albums, SecureRandom random) {
        this.albums = albums;
        this.random = random;
    }

    /** Creates an album, or returns the problems with the form. */
    public Result create(AlbumFormPage.AlbumForm form) {
        List<String> errors = new ArrayList<>();
        String slug = slugFor(form, 0, errors);
        Visibility visibility = visibility(form, errors);
        String title = title(form, errors);
        if (!errors.isEmpty()) {
            return Result.invalid(errors);
        }
        long id = albums.insert(slug, title, description(form), visibility, ShareKeys.newKey(random));
        return Result.saved(albums.find(id).orElseThrow());
    }

    /** Finds an album by title or creates a private one (for imports). */
    public Album findOrCreateByTitle(String title) {
        String slug = Slugs.fromTitle(title);
        return albums.findBySlug(slug).orElseGet(() -> {
            var result = create(new AlbumFormPage.AlbumForm(title, slug, "", Visibility.PRIVATE.code()));
            if (result.album() == null) {
                throw new IllegalArgumentException(String.join(" ", result.errors()));
            }
            return result.album();
        });
    }

    public Result update(long id, AlbumFormPage.AlbumForm form) {
        List<String> errors = new ArrayList<>();
        String slug = slugFor(form, id, errors);
        Visibility visibility = visibility(form, errors);
        String title = title(form, errors);
        if (!errors.isEmpty()) {
            return Result.invalid(errors);
        }
        albums.update(id, slug, title, description(form), visibility);
        return Result.saved(albums.find(id).orElseThrow());
    }

    private String slugFor(AlbumFormPage.AlbumForm form, long id, List<String> errors) {
        String slug = form.slug() == null || form.slug().isBlank() ? Slugs.fromTitle(form.title()) : form.slug().trim();
        if (!Slugs.isValid(slug)) {
            errors.add("The address may hold only lower-case letters, digits and single dashes (up to "
                    + Slugs.MAX_LENGTH + " characters).");
            return slug;
        }
        if (form.slug() == null || form.slug().isBlank()) {
            // A slug made from the title gets a number when taken; a slug typed by hand is reported instead.
            String base = slug;
            for (int n = 2; albums.slugTaken(slug, id); n++) {
                slug = base + "-" + n;
            }
        } else if (albums.slugTaken(slug, id)) {
            errors.add("Another album already uses the address '" + slug + "'.");
        }
        return slug;
    }

    private static String title(AlbumFormPage.AlbumForm form, List<String> errors) {
        String title = form.title() == null ? "" : form.title().strip();
        if (title.isEmpty()) {
            errors.add("Give the album a title.");
        } else if (title.length() > 200) {
            errors.add("The title is too long (200 characters at most).");
        }
        return title;
    }

    private static Visibility visibility(AlbumFormPage.AlbumForm form, List<String> errors) {
        try {
            return Visibility.parse(form.visibility() == null ? "" : form.visibility());
        } catch (IllegalArgumentException e) {
            errors.add("Choose who can see the album: public, unlisted or private.");
            return Visibility.PRIVATE;
        }
    }

    private static String description(AlbumFormPage.AlbumForm form) {
        String description = form.description() == null ? "" : form.description().strip();
        return description.length() > 5000 ? description.substring(0, 5000) : description;
    }

    /** Result is either the saved album or the list of problems to show on the form. */
    public record Result(Album album, List<String> errors) {
        static Result saved(Album album) {
            return new Result(album, List.of());
        }

        static Result invalid(List<String> errors) {
            return new Result(null, errors);
        }
    }
}
