package org.vitrine.media.choice;

import org.vitrine.media.vips.VipsImageEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageEnginesTest {

    @Test
    void java_is_chosen_when_asked_for_even_where_libvips_is_installed() {
        assertThat(ImageEngines.choose("java").name()).isEqualTo("java");
    }

    @Test
    void auto_chooses_libvips_exactly_when_it_can_be_loaded() {
        String expected = VipsImageEngine.load().isPresent() ? "vips" : "java";
        assertThat(ImageEngines.choose("auto").name()).isEqualTo(expected);
    }

    @Test
    void vips_is_chosen_when_asked_for_or_refused_with_what_to_install() {
        if (VipsImageEngine.load().isPresent()) {
            assertThat(ImageEngines.choose("vips").name()).isEqualTo("vips");
        } else {
            assertThatThrownBy(() -> ImageEngines.choose("vips")).hasMessageContaining("libvips42");
        }
    }

    @Test
    void an_unknown_setting_is_refused_with_the_choices() {
        assertThatThrownBy(() -> ImageEngines.choose("magick")).hasMessageContaining("auto, java or vips");
    }
}
