package org.vitrine.photo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaDeliveryTest {
    @Test
    void a_public_url_must_be_a_web_address_and_is_refused_in_words_otherwise() {
        assertThat(MediaDelivery.publicBase("")).isEmpty();
        assertThat(MediaDelivery.publicBase("https://cdn.example.org/photos")).hasValueSatisfying(
                uri -> assertThat(uri.getHost()).isEqualTo("cdn.example.org"));
        assertThatThrownBy(() -> MediaDelivery.publicBase("cdn.example.org"))
                .hasMessage("VITRINE_CLOUD_PUBLIC_URL must be an http:// or https:// address without a query, "
                        + "like https://photos.example.com; got 'cdn.example.org'");
    }
}
