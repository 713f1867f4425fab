package org.vitrine.cli;

import org.vitrine.App;
import org.vitrine.config.Config;
import org.vitrine.jobs.JobQueue.JobView;
import org.vitrine.jobs.JobStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.concurrent.Callable;

/** JobsCommand prints the background queue: counts, the jobs running and waiting, then every failed job. */
@Command(name = "jobs", description = "Show the background job queue: what runs, what waits, and what failed.")
public final class JobsCommand implements Callable<Integer> {
    @Option(names = "--limit", defaultValue = "1000",
            description = "Most jobs listed per status (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() throws Exception {
        try (App app = App.open(Config.fromEnvironment())) {
            var c = app.jobs().counts();
            System.out.printf("waiting %d, running %d, done %d, failed %d%n", c.queued(), c.running(), c.done(),
                    c.failed());
            // Each status by its own query: failed jobs are listed however many jobs were done since.
            for (JobStatus status : new JobStatus[]{JobStatus.RUNNING, JobStatus.QUEUED, JobStatus.FAILED}) {
                for (JobView job : app.jobs().list(status, limit)) {
                    print(job);
                }
            }
        }
        return 0;
    }

    private static void print(JobView job) {
        System.out.printf("#%d %s %s %d%s attempts=%d updated=%s%s%s%n", job.id(), job.status().code(), job.kind(),
                job.subjectId(), job.payload().isEmpty() ? "" : " " + job.payload(), job.attempts(),
                Instant.ofEpochMilli(job.updatedAt()),
                job.failure() == null ? "" : " failure=" + job.failure(),
                job.lastError() == null ? "" : " error: " + job.lastError());
    }
}
