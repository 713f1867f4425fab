package org.vitrine.cli;

import org.vitrine.App;
import org.vitrine.config.Config;
import picocli.CommandLine.Command;

import java.time.Instant;
import java.util.concurrent.Callable;

/** JobsCommand prints the background queue: counts, then recent jobs with their errors. */
@Command(name = "jobs", description = "Show the background job queue.")
public final class JobsCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        try (App app = App.open(Config.fromEnvironment())) {
            var c = app.jobs().counts();
            System.out.printf("waiting %d, running %d, done %d, failed %d%n", c.queued(), c.running(), c.done(), c.failed());
            for (var job : app.jobs().list(50)) {
                if (job.status().equals("done")) {
                    continue;
                }
                System.out.printf("#%d %s %s %d attempts=%d updated=%s%s%n", job.id(), job.status(), job.kind(),
                        job.subjectId(), job.attempts(), Instant.ofEpochMilli(job.updatedAt()),
                        job.lastError() == null ? "" : " error: " + job.lastError());
            }
        }
        return 0;
    }
}
