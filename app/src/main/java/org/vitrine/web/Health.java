package org.vitrine.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** Health answers /healthz: 200 when the server is up and its database answers, 503 otherwise. */
public final class Health {
    private static final Logger log = LoggerFactory.getLogger(Health.class);

    private final Jdbi jdbi;

    public Health(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void check(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        try {
            jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
            ctx.json(Map.of("status", "ok"));
        } catch (RuntimeException e) {
            // The exception can name hosts, users and SQL: it goes to the log, the caller gets a plain reason.
            log.warn("health: the database does not answer", e);
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("status", "unavailable",
                    "reason", "the database does not answer"));
        }
    }
}
