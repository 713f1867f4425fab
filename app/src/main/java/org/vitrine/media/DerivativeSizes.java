package org.vitrine.media;

import java.util.ArrayList;
import java.util.List;

/** DerivativeSizes turns requested long edges into distinct output sizes, never larger than the image. */
public final class DerivativeSizes {
    private DerivativeSizes() {
    }

    /**
     * Returns {width, height} in the stored orientation, largest first. Sizes at or above the upright long
     * edge collapse into one at native size; duplicates are dropped.
     */
    public static List<int[]> plan(int storedWidth, int storedHeight, boolean swapsAxes, List<Integer> longEdges) {
        int uprightWidth = swapsAxes ? storedHeight : storedWidth;
        int uprightHeight = swapsAxes ? storedWidth : storedHeight;
        int longEdge = Math.max(uprightWidth, uprightHeight);
        List<int[]> sizes = new ArrayList<>();
        longEdges.stream().sorted(java.util.Comparator.reverseOrder()).forEach(requested -> {
            int w = uprightWidth;
            int h = uprightHeight;
            if (requested < longEdge) {
                double scale = (double) requested / longEdge;
                w = uprightWidth >= uprightHeight ? requested : Math.max(1, (int) Math.round(uprightWidth * scale));
                h = uprightWidth >= uprightHeight ? Math.max(1, (int) Math.round(uprightHeight * scale)) : requested;
            }
            int[] stored = swapsAxes ? new int[]{h, w} : new int[]{w, h};
            if (requested > 0 && sizes.stream().noneMatch(s -> s[0] == stored[0] && s[1] == stored[1])) {
                sizes.add(stored);
            }
        });
        return sizes;
    }
}
