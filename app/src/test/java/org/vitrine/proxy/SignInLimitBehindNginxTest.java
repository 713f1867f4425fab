package org.vitrine.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.Fixtures;
import org.vitrine.testing.HttpSession;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SignInLimitBehindNginxTest: behind nginx, the sign-in limit counts each client's own address, which nginx
 * reports, not nginx's address and not one a client writes. The clients connect to nginx from different
 * loopback addresses, as visitors from different places would.
 */
class SignInLimitBehindNginxTest {
    @TempDir
    Path dir;

    @Test
    void the_sign_in_rate_limit_counts_each_client_address_behind_nginx_not_the_proxys() {
        try (var site = ProxiedSite.start(dir)) {
            var nginx = site.nginx();
            new Fixtures(site.app()).owner();
            var guesser = signInForm(nginx.session(from("127.0.0.5")));
            for (int i = 0; i < 5; i++) {
                assertThat(signIn(guesser, "wrong" + i).statusCode()).isEqualTo(401);
            }
            assertThat(signIn(guesser, Fixtures.OWNER_PASSWORD).statusCode()).as("after 5 failures")
                    .isEqualTo(429);
            // Headers the guesser writes do not make it someone else: nginx replaces them with the address it
            // sees.
            for (String forged : List.of("198.51.100.7", "127.0.0.6")) {
                var disguised = signInForm(nginx.session(from("127.0.0.5")).withHeader("X-Forwarded-For", forged)
                        .withHeader("Forwarded", "for=" + forged));
                assertThat(signIn(disguised, Fixtures.OWNER_PASSWORD).statusCode()).as("claiming " + forged)
                        .isEqualTo(429);
            }

            // The owner, at another address, still signs in through the same nginx: the limit is not on nginx's
            // address.
            var owner = signInForm(nginx.session(from("127.0.0.6")));
            assertThat(signIn(owner, Fixtures.OWNER_PASSWORD).statusCode()).isEqualTo(303);
        }
    }

    private static Consumer<HttpClient.Builder> from(String loopbackAddress) {
        return builder -> builder.localAddress(InetAddress.ofLiteral(loopbackAddress));
    }

    private static HttpSession signInForm(HttpSession session) {
        session.csrfFrom("/login");
        return session;
    }

    private static HttpResponse<String> signIn(HttpSession session, String password) {
        return session.postForm("/login", Map.of("email", Fixtures.OWNER_EMAIL, "password", password));
    }
}
