package org.vitrine.media;

import java.util.ArrayList;
import java.util.List;

/** JpegMarkers lists the segment markers of a JPEG up to its first scan, for asserting what a file carries. */
final class JpegMarkers {
    private JpegMarkers() {
    }

    static List<Integer> headerMarkers(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        int at = 2;
        while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
            int marker = jpeg[at + 1] & 0xFF;
            markers.add(marker);
            if (marker == 0xDA) {
                break;
            }
            at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
        }
        return markers;
    }
}
