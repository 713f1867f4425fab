package org.vitrine.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.storage.DiskSpace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health answers /healthz: 200 when the server is up and its database answers (with a warning when the data
 * folder's disk is running low, so monitoring can act before uploads fail), 503 otherwise.
 */
public final class Health {
    private static final Logger log = LoggerFactory.getLogger(Health.class);

    private final Jdbi jdbi;
    private final Path dataDir;

    public Health(Jdbi jdbi, Path dataDir) {
        this.jdbi = jdbi;
        this.dataDir = dataDir;
    }

    public void check(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        try {
            jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
        } catch (RuntimeException e) {
            // The exception can name hosts, users and SQL: it goes to the log, the caller gets a plain reason.
            log.warn("health: the database does not answer", e);
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("status", "unavailable",
                    "reason", "the database does not answer"));
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ok");
        try {
            DiskSpace disk = DiskSpace.of(dataDir);
            answer.put("diskFreePercent", disk.freePercent());
            if (disk.isLow()) {
                answer.put("warning", "low disk space: " + disk.usableBytes() / (1024 * 1024) + " MB ("
                        + disk.freePercent() + "%) free for photos; uploads and processing stop when it is full");
            }
        } catch (IOException e) {
            answer.put("warning", "the free disk space cannot be read");
        }
        ctx.json(answer);
    }
}
