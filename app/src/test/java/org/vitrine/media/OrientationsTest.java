package org.vitrine.media;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrientationsTest {

    @Test
    void heif_irot_270_anticlockwise_is_exif_6_and_a_quarter_turn_is_exif_8() {
        assertThat(Orientations.fromIrot(3)).isEqualTo(6);
        assertThat(Orientations.fromIrot(1)).isEqualTo(8);
        assertThat(Orientations.fromIrot(2)).isEqualTo(3);
    }

    @Test
    void a_rotation_followed_by_a_mirror_is_one_of_the_mirrored_exif_orientations() {
        // Rotate 90° clockwise, then mirror left-right: the transpose, EXIF 5.
        assertThat(Orientations.then(6, Orientations.fromImir(0))).isEqualTo(5);
        assertThat(Orientations.then(8, Orientations.fromImir(0))).isEqualTo(7);
        assertThat(Orientations.then(1, Orientations.fromImir(1))).isEqualTo(4);
    }

    @Test
    void invalid_exif_values_mean_upright() {
        assertThat(Orientations.normalize(0)).isEqualTo(1);
        assertThat(Orientations.normalize(9)).isEqualTo(1);
        assertThat(Orientations.normalize(160)).isEqualTo(1);
    }

    @Test
    void orientation_6_turns_the_top_left_pixel_to_the_top_right() {
        // Stored 3x2: a b c / d e f. Rotated clockwise it reads d a / e b / f c.
        int[] turned = Orientations.apply(new int[]{'a', 'b', 'c', 'd', 'e', 'f'}, 3, 2, 6);
        assertThat(turned).containsExactly('d', 'a', 'e', 'b', 'f', 'c');
    }
}
