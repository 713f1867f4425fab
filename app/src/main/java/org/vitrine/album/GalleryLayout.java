package org.vitrine.album;

import org.vitrine.photo.PhotoTile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * GalleryLayout is an album's tiles grouped into justified rows for a desktop window, which is what a browser
 * without JavaScript shows; justify.js regroups them for the real width. Each tile also carries what the browser
 * must know before any script runs: whether it is in a first row (loaded at once, with high priority) and its
 * {@code sizes}, from the rows at a phone, tablet, small and large desktop window.
 */
public record GalleryLayout(List<GalleryRow> rows) {
    /** The window widths whose rows decide {@code sizes}: each stands for windows up to the next one. */
    static final int[] VIEWPORTS = {375, 768, 1024, 1440};
    /** The widest window each entry of {@link #VIEWPORTS} stands for in the {@code sizes} media conditions. */
    private static final int[] UP_TO = {479, 899, 1199};

    /** GalleryRow is one row of tiles; {@code height} is its height in the desktop layout, in CSS pixels. */
    public record GalleryRow(List<GalleryTile> tiles, boolean full, double height) {
        public String heightCss() {
            return String.format(Locale.ROOT, "%.1fpx", height);
        }
    }

    /**
     * GalleryTile is one tile with its place in the album (rows may move a panorama down), its loading hints and
     * the widest it may be drawn.
     */
    public record GalleryTile(PhotoTile tile, int order, boolean eager, String sizes, int maxWidth) {
    }

    /** The width of the gallery in a window this wide: edge to edge on phones, inside the page padding above. */
    static double galleryWidth(int viewport) {
        if (viewport < 768) {
            return viewport;
        }
        return Math.min(viewport, 1800) - 2 * (viewport < 1200 ? 28 : 40);
    }

    public static GalleryLayout of(List<PhotoTile> tiles) {
        List<JustifiedRows.Item> items = tiles.stream()
                .map(t -> new JustifiedRows.Item(aspect(t), maxWidth(t))).toList();
        double[][] widths = new double[VIEWPORTS.length][tiles.size()];
        Set<Integer> eager = new HashSet<>();
        List<JustifiedRows.Row> desktop = List.of();
        for (int v = 0; v < VIEWPORTS.length; v++) {
            double width = galleryWidth(VIEWPORTS[v]);
            var rows = JustifiedRows.layout(items, width, JustifiedRows.targetHeight(width), JustifiedRows.gap(width));
            if (!rows.isEmpty()) {
                eager.addAll(rows.getFirst().items());
            }
            for (var row : rows) {
                for (int i : row.items()) {
                    widths[v][i] = row.height() * items.get(i).aspect();
                }
            }
            desktop = rows;
        }
        List<GalleryRow> out = new ArrayList<>();
        for (var row : desktop) {
            List<GalleryTile> rowTiles = new ArrayList<>();
            for (int i : row.items()) {
                rowTiles.add(new GalleryTile(tiles.get(i), i, eager.contains(i), sizes(widths, i),
                        (int) Math.round(items.get(i).maxWidth())));
            }
            out.add(new GalleryRow(rowTiles, row.full(), row.height()));
        }
        return new GalleryLayout(out);
    }

    /** "(max-width: 479px) 48vw, ..." : each layout's tile width as a share of its window, so it scales. */
    private static String sizes(double[][] widths, int i) {
        StringBuilder sizes = new StringBuilder();
        for (int v = 0; v < VIEWPORTS.length; v++) {
            double vw = Math.ceil(widths[v][i] / VIEWPORTS[v] * 1000) / 10;
            if (v < UP_TO.length) {
                sizes.append("(max-width: ").append(UP_TO[v]).append("px) ");
            }
            sizes.append(String.format(Locale.ROOT, "%.1fvw", vw));
            if (v < UP_TO.length) {
                sizes.append(", ");
            }
        }
        return sizes.toString();
    }

    private static double aspect(PhotoTile tile) {
        return (double) Math.max(1, tile.width()) / Math.max(1, tile.height());
    }

    /** A ready photo is never drawn wider than its largest image; one still processing has only its size. */
    private static double maxWidth(PhotoTile tile) {
        return tile.ready() ? tile.picture().fullWidth() : Math.max(1, tile.width());
    }
}
