package org.vitrine.web;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ClientAddress believes forwarded addresses from trusted proxies only, and never a hop a client wrote. */
class ClientAddressTest {
    private final ClientAddress behindProxies = new ClientAddress(List.of("127.0.0.1", "10.0.0.0/8", "::1"));

    @Test
    void without_trusted_proxies_the_headers_are_ignored() {
        var direct = new ClientAddress(List.of());
        assertThat(direct.of("203.0.113.9", Map.of("X-Forwarded-For", "198.51.100.7")::get)).isEqualTo("203.0.113.9");
    }

    @Test
    void a_peer_that_is_not_a_trusted_proxy_is_taken_at_its_own_address() {
        assertThat(behindProxies.of("203.0.113.9", Map.of("X-Forwarded-For", "198.51.100.7",
                "Forwarded", "for=198.51.100.7")::get)).isEqualTo("203.0.113.9");
    }

    @Test
    void the_rightmost_address_that_is_not_a_trusted_proxy_is_the_client() {
        // A client wrote 1.2.3.4; nginx appended the address it saw; a second proxy at 10.0.0.2 appended its own.
        assertThat(behindProxies.of("127.0.0.1", Map.of("X-Forwarded-For", "1.2.3.4, 198.51.100.7, 10.0.0.2")::get))
                .isEqualTo("198.51.100.7");
        assertThat(behindProxies.of("::1", Map.of("X-Forwarded-For", "2001:db8::5")::get)).isEqualTo("2001:db8::5");
        assertThat(behindProxies.of("127.0.0.1", Map.<String, String>of()::get)).as("no header").isEqualTo("127.0.0.1");
    }

    @Test
    void a_clients_own_forwarded_header_loses_to_the_x_forwarded_for_its_proxy_wrote() {
        // nginx, Caddy and Apache write X-Forwarded-For and pass a client's Forwarded on as it came.
        assertThat(behindProxies.of("127.0.0.1", Map.of("Forwarded", "for=192.0.2.1",
                "X-Forwarded-For", "198.51.100.7")::get)).isEqualTo("198.51.100.7");
    }

    @Test
    void a_proxy_that_writes_only_forwarded_is_read_too() {
        assertThat(behindProxies.of("127.0.0.1", Map.of("Forwarded",
                "for=192.0.2.1, for=\"[2001:db8::7]:4711\";proto=https")::get)).isEqualTo("2001:db8::7");
        assertThat(behindProxies.of("127.0.0.1", Map.of("Forwarded", "for=198.51.100.7:5000")::get))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void a_bad_trusted_proxy_setting_is_named() {
        assertThatThrownBy(() -> ClientAddress.parseList("127.0.0.1, proxy.local"))
                .hasMessageContaining("'proxy.local' is not an IP address");
        assertThatThrownBy(() -> ClientAddress.parseList("10.0.0.0/33")).hasMessageContaining("prefix length");
    }
}
