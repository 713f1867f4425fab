package org.vitrine.album;

import java.util.ArrayList;
import java.util.List;

/**
 * JustifiedRows lays photos out in rows of one height each, after Flickr's justified-layout: a row is closed when
 * its justified height comes within a tolerance of the target, every row is full except the last (which keeps the
 * target height and is never stretched), panoramas get a row of their own, and no photo is drawn wider than its
 * largest image. gallery.js runs the same rules in the browser for the actual width; keep the two in step.
 */
public final class JustifiedRows {
    /** Wider than this (width / height) is a panorama, shown on a row of its own. */
    public static final double PANORAMA = 2.5;
    /** How far a closed row's height may stray from the target, as a fraction of it. */
    static final double TOLERANCE = 0.25;
    /** A panorama row is at most this many target heights tall (a 2.6:1 photo on a wide screen would be huge). */
    static final double PANORAMA_MAX = 2.0;

    private JustifiedRows() {
    }

    /** Item is one photo: its aspect ratio (width / height) and the widest it may be drawn, in CSS pixels. */
    public record Item(double aspect, double maxWidth) {
        public boolean panorama() {
            return aspect > PANORAMA;
        }

        double maxHeight() {
            return maxWidth / aspect;
        }
    }

    /**
     * Row is one laid-out row: the indexes of its items, in order, its height, and whether it fills the width
     * (a last row, or a row held lower by a small photo, does not).
     */
    public record Row(List<Integer> items, double height, boolean full) {
    }

    /** The row height to aim at for a gallery this wide: smaller on phones, larger on big screens. */
    public static double targetHeight(double width) {
        if (width < 480) {
            return 150;
        }
        if (width < 900) {
            return 200;
        }
        return width < 1200 ? 240 : 280;
    }

    /** The space between tiles at this gallery width. */
    public static double gap(double width) {
        return width < 768 ? 3 : 6;
    }

    /** The rows for a gallery {@code width} CSS pixels wide. Panoramas may move down past an unfinished row. */
    public static List<Row> layout(List<Item> items, double width, double target, double gap) {
        List<Row> rows = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        List<Integer> waitingPanoramas = new ArrayList<>();
        double min = target * (1 - TOLERANCE);
        double max = target * (1 + TOLERANCE);
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item.panorama()) {
                // Closing the unfinished row here would leave it half empty: the panorama waits for it to fill.
                if (current.isEmpty()) {
                    rows.add(panoramaRow(i, item, width, target));
                } else {
                    waitingPanoramas.add(i);
                }
                continue;
            }
            double before = current.isEmpty() ? Double.MAX_VALUE : justifiedHeight(items, current, width, gap);
            current.add(i);
            double after = justifiedHeight(items, current, width, gap);
            // A small photo caps its row's height: such a row takes more photos, so it is full at that height.
            double cap = Math.min(max, maxHeight(items, current));
            if (after > cap || current.size() < 2) {
                continue; // room left (a photo alone never makes a row: that is the lone tall photo of old)
            }
            boolean beforeFits = before <= maxHeight(items, current.subList(0, current.size() - 1));
            if (after < min && current.size() > 2 && beforeFits
                    && Math.abs(before - target) < Math.abs(after - target)) {
                // Overfull, and the row was closer to the target without this photo: it starts the next row.
                current.removeLast();
                rows.add(closedRow(items, current, before));
                current = new ArrayList<>(List.of(i));
            } else {
                rows.add(closedRow(items, current, after));
                current = new ArrayList<>();
            }
            for (int p : waitingPanoramas) {
                rows.add(panoramaRow(p, items.get(p), width, target));
            }
            waitingPanoramas.clear();
        }
        for (int p : waitingPanoramas) {
            rows.add(panoramaRow(p, items.get(p), width, target));
        }
        if (!current.isEmpty()) {
            double height = Math.min(target, maxHeight(items, current));
            double justified = justifiedHeight(items, current, width, gap);
            rows.add(new Row(List.copyOf(current), Math.min(height, justified), false));
        }
        return rows;
    }

    private static Row closedRow(List<Item> items, List<Integer> members, double justified) {
        double cap = maxHeight(items, members);
        return new Row(List.copyOf(members), Math.min(justified, cap), justified <= cap);
    }

    private static Row panoramaRow(int index, Item item, double width, double target) {
        double justified = width / item.aspect();
        double height = Math.min(justified, Math.min(item.maxHeight(), target * PANORAMA_MAX));
        return new Row(List.of(index), height, height >= justified);
    }

    static double justifiedHeight(List<Item> items, List<Integer> members, double width, double gap) {
        double aspects = 0;
        for (int i : members) {
            aspects += items.get(i).aspect();
        }
        return (width - gap * (members.size() - 1)) / aspects;
    }

    private static double maxHeight(List<Item> items, List<Integer> members) {
        double cap = Double.MAX_VALUE;
        for (int i : members) {
            cap = Math.min(cap, items.get(i).maxHeight());
        }
        return cap;
    }
}
