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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * JobWorker runs jobs of the kinds it has handlers for on a few platform threads, renews their leases while they
 * run, takes a job that overruns its time limit away from its thread, and on close stops claiming and waits for
 * the jobs in hand.
 *
 * <p>Image work may not be interruptible (a decoder in native code, a loop over millions of TIFF directories), so
 * an overrun is recorded in the queue at once, whatever the thread does. A thread that does not come back is
 * lost to the worker; so is memory a job left behind. Either way the worker asks its {@link Restarter} for a
 * fresh process once its other jobs are done: the supervised worker exits and its supervisor starts a new one.
 */
public final class JobWorker implements AutoCloseable {
    /** Overruns after which a job is set aside instead of retried, as with crashes: twice is the job, not bad luck. */
    public static final int MAX_OVERRUNS = 2;

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
    private static final Duration MAX_STUCK_GRACE = Duration.ofSeconds(5);

    /**
     * Options tune the worker: platform threads (image work pins virtual threads, so these are few and real),
     * how often an idle thread looks for due jobs, how long a lease lasts without a heartbeat, how long close()
     * waits for running jobs, each job's time limit, and the resident memory above which the worker asks to be
     * restarted between jobs (0: never).
     */
    public record Options(int threads, Duration pollInterval, Duration lease, Duration closeTimeout,
                          TimeLimits timeLimits, long restartAboveRssBytes) {
        public Options {
            if (threads < 1 || pollInterval.isNegative() || pollInterval.isZero() || lease.toMillis() < 3
                    || restartAboveRssBytes < 0) {
                throw new IllegalArgumentException("Invalid job worker options: " + threads + " threads, poll "
                        + pollInterval + ", lease " + lease + ", restart above " + restartAboveRssBytes + " bytes");
            }
        }

        /** Default time limits and no memory check. */
        public Options(int threads, Duration pollInterval, Duration lease, Duration closeTimeout) {
            this(threads, pollInterval, lease, closeTimeout, TimeLimits.DEFAULT, 0);
        }

        /** Polls every second, leases for a minute, and waits up to 30 s on close. */
        public static Options defaults(int threads) {
            return new Options(threads, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(30));
        }

        public Options withTimeLimits(TimeLimits limits) {
            return new Options(threads, pollInterval, lease, closeTimeout, limits, restartAboveRssBytes);
        }

        public Options withRestartAboveRss(long bytes) {
            return new Options(threads, pollInterval, lease, closeTimeout, timeLimits, bytes);
        }
    }

    /**
     * Restarter replaces the worker's process with a fresh one, called once the worker has stopped claiming and
     * its other jobs are done. A worker without one (in the web process, or standalone) logs the reason and goes on.
     */
    @FunctionalInterface
    public interface Restarter {
        void restart(String reason);
    }

    private final JobQueue queue;
    private final Map<JobKind, JobHandler> handlers;
    private final Set<JobKind> kinds;
    private final Options options;
    private final String id;
    private final MemoryBudget budget;
    private final Restarter restarter;
    // job id -> the job in hand, read by the heartbeat and the watchdog
    private final Map<Long, Running> running = new ConcurrentHashMap<>();
    // jobs taken from their thread by the watchdog whose thread has not come back yet
    private final Set<Running> overrun = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService timers;
    private final Object signal = new Object();
    private long wakeups; // guarded by signal; a counter, so a wake() between claim and wait is not lost
    private volatile boolean stopping;
    private final AtomicReference<String> restartReason = new AtomicReference<>();
    private volatile boolean restartCalled;

    /** A worker for the kinds in {@code handlers} with a budget of most of this JVM's heap. */
    public JobWorker(JobQueue queue, Map<JobKind, JobHandler> handlers, Options options) {
        this(newId(), queue, handlers, options, MemoryBudget.ofHeap(), null);
    }

    /**
     * A worker that claims only the kinds it has handlers for; call {@link #start()} to begin.
     *
     * @param id        the prefix of this worker's lease owners; a supervisor that chose it can release the jobs
     *                  of a dead worker process by it
     * @param budget    admits jobs by their estimated memory, so several threads never exhaust the heap together
     * @param restarter replaces this worker's process when a thread is stuck or memory stays high; null when
     *                  nothing can
     */
    public JobWorker(String id, JobQueue queue, Map<JobKind, JobHandler> handlers, Options options,
                     MemoryBudget budget, Restarter restarter) {
        if (handlers.isEmpty()) {
            throw new IllegalArgumentException("jobs: a worker needs a handler for at least one job kind");
        }
        this.queue = queue;
        this.handlers = new EnumMap<>(handlers);
        this.kinds = Set.copyOf(handlers.keySet());
        this.options = options;
        this.id = id;
        this.budget = budget;
        this.restarter = restarter;
        this.timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("jobs-timers").daemon().factory());
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
        timers.scheduleAtFixedRate(this::renewLeases, period, period, TimeUnit.MILLISECONDS);
        long watch = Math.clamp(options.timeLimits().floor().toMillis() / 4, 10, 1_000);
        timers.scheduleAtFixedRate(this::watch, watch, watch, TimeUnit.MILLISECONDS);
        log.info("jobs: worker {} started with {} threads for {}, a memory budget of {} MB and time limits of {} to {}",
                id, options.threads(), kinds, budget.capacity() / (1024 * 1024),
                TimeLimits.describe(options.timeLimits().floor()), TimeLimits.describe(options.timeLimits().ceiling()));
    }

    /** Makes idle threads look for jobs now, e.g. right after an upload was enqueued. */
    public void wake() {
        synchronized (signal) {
            wakeups++;
            signal.notifyAll();
        }
    }

    private boolean claiming() {
        return !stopping && restartReason.get() == null && !Thread.currentThread().isInterrupted();
    }

    private void loop(String owner) {
        while (claiming()) {
            long seen = wakeups();
            try {
                Optional<Job> job = queue.claim(owner, kinds, options.lease());
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

    /** A job in hand: who runs it, until when, and who records its outcome (its thread, or the watchdog). */
    private static final class Running {
        enum Outcome { PENDING, RECORDED_BY_THREAD, TAKEN_BY_WATCHDOG }

        final Job job;
        final String name;
        final String owner;
        final Thread thread = Thread.currentThread();
        final Duration limit;
        final long deadline;
        final long estimate;
        final AtomicReference<Outcome> outcome = new AtomicReference<>(Outcome.PENDING);
        final CountDownLatch taken = new CountDownLatch(1);
        volatile long takenAt;
        volatile boolean restartAsked;

        Running(Job job, String name, String owner, Duration limit, long estimate) {
            this.job = job;
            this.name = name;
            this.owner = owner;
            this.limit = limit;
            this.estimate = estimate;
            this.deadline = System.nanoTime() + limit.toNanos();
        }
    }

    private void run(Job job, String owner) {
        String name = "job " + job.id() + " " + job.kind() + " " + job.kind().subject() + " " + job.subjectId();
        long estimate = estimate(job, name);
        if (budget.wouldWait(estimate)) {
            log.info("jobs: {} waits for memory: needs ~{} MB, {} of {} MB in use", name, estimate >> 20,
                    budget.inUse() >> 20, budget.capacity() >> 20);
        }
        Running entry;
        Throwable failure;
        long start;
        try (var permit = budget.acquire(estimate)) {
            // The clock starts once admitted: waiting for memory is not the job's fault.
            entry = new Running(job, name, owner,
                    handlers.get(job.kind()).timeLimit(job, options.timeLimits().forEstimate(estimate)), estimate);
            start = System.nanoTime();
            running.put(job.id(), entry);
            try {
                failure = runHandler(job);
            } finally {
                running.remove(job.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // closing: the job runs again after its lease
        }
        long ms = millisSince(start);
        if (!entry.outcome.compareAndSet(Running.Outcome.PENDING, Running.Outcome.RECORDED_BY_THREAD)) {
            cameBackAfterOverrun(entry, ms);
            return;
        }
        record(job, owner, name, failure, ms);
        checkResidentMemory();
    }

    private long estimate(Job job, String name) {
        try {
            return handlers.get(job.kind()).estimateBytes(job);
        } catch (Exception e) {
            // Estimating reads cheap facts; if they fail, the job itself reports the problem properly.
            log.debug("jobs: {} has no memory estimate: {}", name, e.toString());
            return 0;
        }
    }

    private void record(Job job, String owner, String name, Throwable failure, long ms) {
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
    }

    /** The watchdog recorded this job's outcome; its thread is back and may claim again. */
    private void cameBackAfterOverrun(Running entry, long ms) {
        try {
            entry.taken.await(); // the watchdog's interrupt must land before it is cleared
        } catch (InterruptedException e) {
            // cleared below
        }
        Thread.interrupted();
        overrun.remove(entry);
        log.info("jobs: {} came back after {} ms; it was stopped at its time limit of {}", entry.name, ms,
                TimeLimits.describe(entry.limit));
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

    /** Takes overrun jobs from their threads, and restarts the worker once a thread is stuck or memory is high. */
    private void watch() {
        try {
            long now = System.nanoTime();
            for (Running entry : running.values()) {
                if (now - entry.deadline > 0) {
                    takeOverrunJob(entry);
                }
            }
            for (Running entry : overrun) {
                Duration grace = entry.limit.compareTo(MAX_STUCK_GRACE) < 0 ? entry.limit : MAX_STUCK_GRACE;
                if (!entry.restartAsked && now - entry.takenAt > grace.toNanos()) {
                    entry.restartAsked = true;
                    requestRestart("the thread of " + entry.name + " did not stop " + grace.toMillis()
                            + " ms after its time limit");
                }
            }
            restartWhenIdle();
        } catch (RuntimeException e) {
            // An exception would cancel the schedule; log it and look again next period.
            log.warn("jobs: worker {} watchdog: {}", id, e.toString());
        }
    }

    private void takeOverrunJob(Running entry) {
        if (!entry.outcome.compareAndSet(Running.Outcome.PENDING, Running.Outcome.TAKEN_BY_WATCHDOG)) {
            return;
        }
        entry.takenAt = System.nanoTime();
        running.remove(entry.job.id());
        overrun.add(entry);
        try {
            String error = "stopped after its time limit of " + TimeLimits.describe(entry.limit) + " (set from an "
                    + "estimated " + (entry.estimate >> 20) + " MB of memory)";
            Optional<JobQueue.Released> released = queue.overran(entry.job.id(), entry.owner, error, MAX_OVERRUNS);
            if (released.isEmpty()) {
                log.warn("jobs: {} overran its time limit after its lease passed to another worker", entry.name);
            } else if (released.get().setAside()) {
                log.warn("jobs: {} overran its time limit of {} {} times; it is failed and will not be retried "
                        + "automatically", entry.name, TimeLimits.describe(entry.limit), released.get().times());
                setAside(released.get().job(), FailureReason.TIMED_OUT, released.get().times());
            } else {
                log.warn("jobs: {} overran its time limit of {} (overrun {} of {}); it will run again later",
                        entry.name, TimeLimits.describe(entry.limit), released.get().times(), MAX_OVERRUNS);
            }
        } finally {
            entry.thread.interrupt();
            entry.taken.countDown();
        }
    }

    private void setAside(Job job, FailureReason reason, int times) {
        try {
            handlers.get(job.kind()).onSetAside(job, reason, times);
        } catch (RuntimeException e) {
            log.warn("jobs: cannot record why job {} was set aside: {}", job.id(), e.toString());
        }
    }

    /** Between jobs, with none in hand: memory far above the plan stays, so a fresh process is the cure. */
    private void checkResidentMemory() {
        long limit = options.restartAboveRssBytes();
        if (limit == 0 || !running.isEmpty()) {
            return;
        }
        ResidentMemory.currentBytes().ifPresent(rss -> {
            if (rss > limit) {
                requestRestart("its resident memory of " + (rss >> 20) + " MB stays above " + (limit >> 20)
                        + " MB after its jobs");
            }
        });
    }

    private void requestRestart(String reason) {
        if (restarter == null) {
            log.warn("jobs: worker {} should be restarted ({}), but nothing supervises it; carrying on", id, reason);
            return;
        }
        if (restartReason.compareAndSet(null, reason)) {
            log.warn("jobs: worker {} stops claiming and restarts once its jobs in hand are done: {}", id, reason);
            wake();
        }
    }

    /** Calls the restarter once every thread has left its loop or is stuck in an overrun job. */
    private void restartWhenIdle() {
        String reason = restartReason.get();
        if (reason == null || restartCalled || stopping) {
            return;
        }
        List<Thread> stuck = overrun.stream().map(r -> r.thread).toList();
        boolean idle;
        synchronized (this) {
            idle = threads.stream().allMatch(t -> !t.isAlive() || stuck.contains(t));
        }
        if (idle) {
            restartCalled = true;
            // Its own thread: the restarter may exit the process, whose shutdown closes this worker and its timers.
            Thread.ofPlatform().name("jobs-restart").daemon().start(() -> restarter.restart(reason));
        }
    }

    private void renewLeases() {
        running.forEach((jobId, entry) -> {
            try {
                if (!queue.heartbeat(jobId, entry.owner, options.lease())) {
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
                if (wakeups == seen && claiming()) {
                    signal.wait(options.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops claiming, waits up to the close timeout for running jobs, then interrupts what is left. */
    @Override
    public void close() {
        List<Thread> started;
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
            started = List.copyOf(threads);
        }
        wake();
        long deadline = System.nanoTime() + options.closeTimeout().toNanos();
        try {
            for (Thread thread : started) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    thread.join(Duration.ofNanos(left));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Thread thread : started) {
            if (thread.isAlive()) {
                log.warn("jobs: {} still busy after {} s; interrupting it, its job will run again later",
                        thread.getName(), options.closeTimeout().toSeconds());
                thread.interrupt();
            }
        }
        timers.shutdownNow();
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
