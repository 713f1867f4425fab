package org.vitrine.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * JobWorker runs jobs from the queue on a few platform threads, renews their leases while they run,
 * and on close stops claiming and waits for the jobs in hand.
 */
public final class JobWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    /**
     * Options tune the worker: platform threads (image work pins virtual threads, so these are few and real),
     * how often an idle thread looks for due jobs, how long a lease lasts without a heartbeat, and how long
     * close() waits for running jobs.
     */
    public record Options(int threads, Duration pollInterval, Duration lease, Duration closeTimeout) {
        public Options {
            if (threads < 1 || pollInterval.isNegative() || pollInterval.isZero() || lease.toMillis() < 3) {
                throw new IllegalArgumentException("Invalid job worker options: " + threads + " threads, poll "
                        + pollInterval + ", lease " + lease);
            }
        }

        /** Polls every second, leases for a minute, and waits up to 30 s on close. */
        public static Options defaults(int threads) {
            return new Options(threads, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(30));
        }
    }

    private final JobQueue queue;
    private final Map<JobKind, JobHandler> handlers;
    private final Options options;
    private final String id;
    private final MemoryBudget budget;
    // job id -> the lease owner (thread) running it, read by the heartbeat
    private final Map<Long, String> running = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService heartbeat;
    private final Object signal = new Object();
    private long wakeups; // guarded by signal; a counter, so a wake() between claim and wait is not lost
    private volatile boolean stopping;

    /** A worker with a handler for every job kind and a budget of most of this JVM's heap. */
    public JobWorker(JobQueue queue, Map<JobKind, JobHandler> handlers, Options options) {
        this(newId(), queue, handlers, options, MemoryBudget.ofHeap());
    }

    /**
     * A worker with a handler for every job kind; call {@link #start()} to begin.
     *
     * @param id     the prefix of this worker's lease owners; a supervisor that chose it can release the jobs of
     *               a dead worker process by it
     * @param budget admits jobs by their estimated memory, so several threads never exhaust the heap together
     */
    public JobWorker(String id, JobQueue queue, Map<JobKind, JobHandler> handlers, Options options,
                     MemoryBudget budget) {
        // The kinds are a closed set: a kind nobody handles is a wiring mistake, better found at start-up.
        for (JobKind kind : JobKind.values()) {
            if (!handlers.containsKey(kind)) {
                throw new IllegalArgumentException("jobs: no handler registered for " + kind);
            }
        }
        this.queue = queue;
        this.handlers = new EnumMap<>(handlers);
        this.options = options;
        this.id = id;
        this.budget = budget;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("jobs-heartbeat").daemon().factory());
    }

    /** This worker's id: host name, process id and a random suffix, so restarts never share a lease. */
    public String id() {
        return id;
    }

    public synchronized void start() {
        if (!threads.isEmpty() || stopping) {
            throw new IllegalStateException("jobs: worker " + id + " was already started");
        }
        for (int i = 1; i <= options.threads(); i++) {
            // Each thread owns its leases under its own name, so a job revived within this process
            // is still guarded from the thread that lost it.
            String owner = id + "/" + i;
            threads.add(Thread.ofPlatform().name("jobs-" + i).daemon().start(() -> loop(owner)));
        }
        long period = options.lease().toMillis() / 3;
        heartbeat.scheduleAtFixedRate(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
        log.info("jobs: worker {} started with {} threads and a memory budget of {} MB", id, options.threads(),
                budget.capacity() / (1024 * 1024));
    }

    /** Makes idle threads look for jobs now, e.g. right after an upload was enqueued. */
    public void wake() {
        synchronized (signal) {
            wakeups++;
            signal.notifyAll();
        }
    }

    private void loop(String owner) {
        while (!stopping && !Thread.currentThread().isInterrupted()) {
            long seen = wakeups();
            try {
                Optional<Job> job = queue.claim(owner, options.lease());
                if (job.isPresent()) {
                    run(job.get(), owner);
                    continue;
                }
            } catch (RuntimeException e) {
                // The database is down or busy: keep the thread, try again after the poll interval.
                log.warn("jobs: worker {} cannot reach the queue, trying again in {} ms: {}",
                        owner, options.pollInterval().toMillis(), e.toString());
            }
            idle(seen);
        }
    }

    private void run(Job job, String owner) {
        String name = "job " + job.id() + " " + job.kind() + " " + job.kind().subject() + " " + job.subjectId();
        long start = System.nanoTime();
        running.put(job.id(), owner);
        try {
            Throwable failure = runAdmitted(job, name);
            long ms = millisSince(start);
            if (failure == null) {
                if (queue.complete(job.id(), owner)) {
                    log.info("jobs: {} done in {} ms", name, ms);
                } else {
                    log.warn("jobs: {} finished in {} ms after its lease passed to another worker; "
                            + "that worker's result counts", name, ms);
                }
            } else if (failure instanceof PermanentJobFailure) {
                queue.fail(job.id(), owner, failure.getMessage(), true);
                log.warn("jobs: {} failed for good after {} ms: {}", name, ms, failure.getMessage());
            } else {
                boolean again = queue.fail(job.id(), owner, failure.toString(), false);
                log.warn("jobs: {} attempt {} failed after {} ms{}", name, job.attempts(), ms,
                        again ? ", will retry" : ", giving up", failure);
            }
        } finally {
            running.remove(job.id());
        }
    }

    /** Runs the handler once its memory estimate fits in the budget; returns what it threw, or null. */
    private Throwable runAdmitted(Job job, String name) {
        long estimate;
        try {
            estimate = handlers.get(job.kind()).estimateBytes(job);
        } catch (Exception e) {
            // Estimating reads cheap facts; if they fail, the job itself reports the problem properly.
            log.debug("jobs: {} has no memory estimate: {}", name, e.toString());
            estimate = 0;
        }
        if (budget.wouldWait(estimate)) {
            log.info("jobs: {} waits for memory: needs ~{} MB, {} of {} MB in use", name, estimate >> 20,
                    budget.inUse() >> 20, budget.capacity() >> 20);
        }
        try (var permit = budget.acquire(estimate)) {
            return runHandler(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /** Runs the handler and returns what it threw, or null when it succeeded. */
    private Throwable runHandler(Job job) {
        try {
            handlers.get(job.kind()).run(job);
            return null;
        } catch (Exception | LinkageError | VirtualMachineError e) {
            // One bad photo (even one that exhausts memory) must not end the thread; the job is retried.
            return e;
        }
    }

    private void renewLeases() {
        running.forEach((jobId, owner) -> {
            try {
                if (!queue.heartbeat(jobId, owner, options.lease())) {
                    log.warn("jobs: job {} lost its lease to another worker; its result will not be recorded", jobId);
                }
            } catch (RuntimeException e) {
                // An exception would cancel the schedule; log it and try again next period.
                log.warn("jobs: cannot renew the lease of job {}: {}", jobId, e.toString());
            }
        });
    }

    private long wakeups() {
        synchronized (signal) {
            return wakeups;
        }
    }

    private void idle(long seen) {
        synchronized (signal) {
            try {
                if (wakeups == seen && !stopping) {
                    signal.wait(options.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops claiming, waits up to the close timeout for running jobs, then interrupts what is left. */
    @Override
    public synchronized void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        wake();
        long deadline = System.nanoTime() + options.closeTimeout().toNanos();
        try {
            for (Thread thread : threads) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    thread.join(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                log.warn("jobs: {} still busy after {} s; interrupting it, its job will run again later",
                        thread.getName(), options.closeTimeout().toSeconds());
                thread.interrupt();
            }
        }
        heartbeat.shutdownNow();
        log.info("jobs: worker {} stopped", id);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** A fresh worker id: host name, process id and a random suffix, so restarts never share a lease. */
    public static String newId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        // lease_owner is VARCHAR(100): keep room for the pid, the suffix and the thread number
        if (host.length() > 60) {
            host = host.substring(0, 60);
        }
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(suffix);
    }
}
