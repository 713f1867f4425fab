package org.vitrine.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vitrine.testing.HttpSession;
import org.vitrine.testing.TestApp;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** /healthz says whether the site and its database answer, without telling callers any internals. */
class HealthTest {
    @TempDir
    Path dataDir;

    @Test
    void when_the_database_is_gone_healthz_answers_503_with_a_plain_reason_and_no_exception_text() {
        try (var app = TestApp.start(dataDir)) {
            var session = new HttpSession(app.config().baseUrl());
            assertThat(session.get("/healthz").statusCode()).isEqualTo(200);

            app.database().close();
            var response = session.get("/healthz");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(HttpSession.parse(response.body()).get("reason").asText())
                    .isEqualTo("the database does not answer");
            assertThat(response.body()).doesNotContainIgnoringCase("hikari").doesNotContain("Exception", "jdbc", "SQL");
        }
    }
}
