package org.vitrine.album;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.vitrine.album.JustifiedRows.Item;
import org.vitrine.album.JustifiedRows.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class JustifiedRowsTest {
    private static final double BIG = 2048;

    /** A mixed album: landscapes, portraits, squares, 16:9, and two panoramas. */
    private static List<Item> mixedAlbum() {
        double[] aspects = {1.5, 0.667, 1.778, 1.333, 0.75, 1.0, 3.5, 1.5, 0.667, 1.5, 0.8, 1.333, 3.0, 1.5, 0.75};
        return java.util.Arrays.stream(aspects).mapToObj(a -> new Item(a, BIG)).toList();
    }

    private static List<Row> layout(List<Item> items, double width) {
        return JustifiedRows.layout(items, width, JustifiedRows.targetHeight(width), JustifiedRows.gap(width));
    }

    private static double rowWidth(List<Item> items, Row row, double gap) {
        return row.items().stream().mapToDouble(i -> items.get(i).aspect() * row.height()).sum()
                + gap * (row.items().size() - 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {320, 375, 712, 968, 1360, 1720})
    void every_row_but_the_last_fills_the_width_and_a_photo_alone_on_a_row_is_a_panorama(int width) {
        List<Item> items = mixedAlbum();
        List<Row> rows = layout(items, width);
        double gap = JustifiedRows.gap(width);
        for (Row row : rows.subList(0, rows.size() - 1)) {
            if (row.items().size() == 1) {
                assertThat(items.get(row.items().getFirst()).panorama()).as("lone photo in %s", row).isTrue();
            }
            if (!items.get(row.items().getFirst()).panorama()) {
                assertThat(row.full()).as("row %s", row).isTrue();
                assertThat(rowWidth(items, row, gap)).as("width of %s", row).isCloseTo(width, within(0.5));
            }
        }
        assertThat(rows.stream().mapToDouble(r -> rowWidth(items, r, gap)).max().orElseThrow())
                .as("widest row").isLessThanOrEqualTo(width + 0.5);
    }

    @Test
    void rows_stay_near_the_target_height_and_the_last_row_is_never_stretched() {
        List<Item> items = mixedAlbum();
        List<Row> rows = layout(items, 1360);
        for (Row row : rows) {
            if (!items.get(row.items().getFirst()).panorama()) {
                assertThat(row.height()).as("row %s", row).isBetween(280 * 0.7, 280 * 1.25);
            }
        }
        Row last = rows.getLast();
        assertThat(last.full()).isFalse();
        assertThat(last.height()).isLessThanOrEqualTo(280);
    }

    @Test
    void every_photo_appears_exactly_once() {
        List<Item> items = mixedAlbum();
        List<Integer> seen = new ArrayList<>();
        layout(items, 375).forEach(r -> seen.addAll(r.items()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(IntStream.range(0, items.size()).boxed().toList());
    }

    @Test
    void a_panorama_waits_until_the_row_it_interrupts_is_full() {
        // A portrait then a panorama: closing the row at the portrait would leave it alone on a wide row.
        List<Item> items = List.of(new Item(0.667, BIG), new Item(4, BIG), new Item(1.5, BIG), new Item(1.5, BIG),
                new Item(1.5, BIG));
        List<Row> rows = layout(items, 1360);
        assertThat(rows.getFirst().items()).doesNotContain(1).hasSizeGreaterThan(1);
        assertThat(rows.get(1).items()).containsExactly(1);
    }

    @Test
    void a_panorama_fills_the_width_but_never_grows_taller_than_twice_the_target() {
        Row phone = layout(List.of(new Item(3, BIG)), 375).getFirst();
        assertThat(phone.height()).isCloseTo(125, within(0.01));
        assertThat(phone.full()).isTrue();
        Row wide = layout(List.of(new Item(2.6, 4000)), 1720).getFirst();
        assertThat(wide.height()).isEqualTo(560);
        assertThat(wide.full()).isFalse();
    }

    @Test
    void a_small_photo_is_never_drawn_wider_than_its_largest_image() {
        // Two 400 px photos on a 1360 px row would be stretched to 670 px each: the row stays lower instead.
        List<Item> items = List.of(new Item(1.5, 400), new Item(1.5, 400), new Item(1.5, BIG), new Item(1.5, BIG));
        for (Row row : layout(items, 1360)) {
            for (int i : row.items()) {
                assertThat(row.height() * items.get(i).aspect()).isLessThanOrEqualTo(items.get(i).maxWidth() + 1e-9);
            }
        }
    }

    @Test
    void random_albums_keep_the_rules_at_every_width_from_320_px() {
        Random random = new Random(7);
        for (int album = 0; album < 200; album++) {
            List<Item> items = new ArrayList<>();
            for (int n = random.nextInt(1, 40); n > 0; n--) {
                double aspect = random.nextInt(10) == 0 ? 2.6 + random.nextDouble() * 3 : 0.5 + random.nextDouble() * 1.5;
                items.add(new Item(aspect, random.nextInt(4) == 0 ? 300 + random.nextInt(800) : BIG));
            }
            for (int width = 320; width <= 1800; width += 97) {
                List<Row> rows = layout(items, width);
                double gap = JustifiedRows.gap(width);
                for (Row row : rows) {
                    assertThat(rowWidth(items, row, gap)).isLessThanOrEqualTo(width + 0.5);
                    for (int i : row.items()) {
                        assertThat(row.height() * items.get(i).aspect()).isLessThanOrEqualTo(items.get(i).maxWidth() + 1e-6);
                    }
                }
                for (Row row : rows.subList(0, rows.size() - 1)) {
                    if (row.items().size() == 1) {
                        assertThat(items.get(row.items().getFirst()).panorama()).isTrue();
                    }
                }
            }
        }
    }

    @Test
    void the_first_rows_load_eagerly_and_sizes_follow_each_layout() {
        List<org.vitrine.photo.PhotoTile> tiles = new ArrayList<>();
        for (Item item : mixedAlbum()) {
            int w = (int) Math.round(1000 * item.aspect());
            tiles.add(new org.vitrine.photo.PhotoTile(tiles.size() + 1, "/a/x/" + (tiles.size() + 1), "Photo", w, 1000,
                    org.vitrine.photo.PhotoStatus.READY, null,
                    new org.vitrine.photo.Picture("/s", "/s 640w", w, 1000, "/f", w, 1000)));
        }
        GalleryLayout layout = GalleryLayout.of(tiles);
        var first = layout.rows().getFirst().tiles();
        assertThat(first).allMatch(GalleryLayout.GalleryTile::eager);
        assertThat(layout.rows().getLast().tiles()).noneMatch(GalleryLayout.GalleryTile::eager);
        assertThat(first.getFirst().sizes()).matches("\\(max-width: 479px\\) [\\d.]+vw, \\(max-width: 899px\\) [\\d.]+vw, "
                + "\\(max-width: 1199px\\) [\\d.]+vw, [\\d.]+vw");
        assertThat(layout.rows().stream().mapToInt(r -> r.tiles().size()).sum()).isEqualTo(tiles.size());
    }
}
