package org.vitrine.media.purejava;

import org.vitrine.media.ImageEngine;
import org.vitrine.media.ImageEngineContract;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.UnsupportedImageException;
import org.junit.jupiter.api.Test;
import org.vitrine.testing.NeedsTestPhotos;
import org.vitrine.testing.TestPhotos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaImageEngineTest extends ImageEngineContract {
    private final JavaImageEngine engine = new JavaImageEngine();

    @Override
    protected ImageEngine engine() {
        return engine;
    }

    @NeedsTestPhotos
    @Test
    void heic_is_refused_with_a_message_saying_libvips_is_needed() {
        assertThat(engine.canDecode(ImageFormat.HEIC)).isFalse();
        assertThat(engine.canDecode(ImageFormat.AVIF)).isFalse();
        assertThatThrownBy(() -> engine.render(TestPhotos.file("format/heic_iphone-11-pro-max.heic"), ImageFormat.HEIC,
                1, LADDER, tmp)).isInstanceOf(UnsupportedImageException.class).hasMessageContaining("libvips42");
    }
}
