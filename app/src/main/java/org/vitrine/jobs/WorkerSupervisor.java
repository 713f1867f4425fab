package org.vitrine.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * WorkerSupervisor keeps the image worker running as a child process of the web process: when the child dies
 * (out of memory, a decoder crash, kill -9) it releases the jobs the child was running at once, sets aside a job
 * that has now crashed the worker {@value #MAX_CRASHES} times (telling its kind's {@link SetAsideHandler}), and
 * starts a new child after a growing pause. A child that exits with {@link WorkerProcess#EXIT_TO_RESTART} asked for
 * a fresh process between jobs and is started again at once.
 */
public final class WorkerSupervisor implements AutoCloseable {
    /** Crashes after which a job is failed instead of retried: once can be bad luck, twice is the photo. */
    public static final int MAX_CRASHES = 2;

    private static final Logger log = LoggerFactory.getLogger(WorkerSupervisor.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    // A child that lived this long died of something new, not of the same start-up problem: back off from 1 s again.
    private static final Duration STABLE = Duration.ofMinutes(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    private final Function<String, ProcessBuilder> launcher;
    private final JobQueue queue;
    private final Map<JobKind, SetAsideHandler> onSetAside;
    private final Object lock = new Object();
    private Process process; // guarded by lock
    private OutputStream stdin; // guarded by lock
    private volatile boolean stopping;
    private Thread monitor;

    /**
     * @param launcher   makes the command that starts a worker process under the given worker id
     * @param onSetAside per kind, told about each job that crashed the worker too often (e.g. to mark its photo
     *                   failed); the web process has no job handlers, only these
     */
    public WorkerSupervisor(Function<String, ProcessBuilder> launcher, JobQueue queue,
                            Map<JobKind, ? extends SetAsideHandler> onSetAside) {
        this.launcher = launcher;
        this.queue = queue;
        this.onSetAside = onSetAside.isEmpty() ? new EnumMap<>(JobKind.class) : new EnumMap<>(onSetAside);
    }

    public synchronized void start() {
        if (monitor != null) {
            throw new IllegalStateException("worker: the supervisor was already started");
        }
        monitor = Thread.ofPlatform().name("worker-supervisor").daemon().start(this::supervise);
    }

    /** Makes the worker look for jobs now: one byte on its standard input. */
    public void wake() {
        synchronized (lock) {
            if (stdin == null) {
                return;
            }
            try {
                stdin.write(1);
                stdin.flush();
            } catch (IOException e) {
                // The child is dying; the supervisor notices and the new child polls the queue on start.
            }
        }
    }

    /** The running child's process id, or -1 between restarts. */
    public long pid() {
        synchronized (lock) {
            return process == null || !process.isAlive() ? -1 : process.pid();
        }
    }

    private void supervise() {
        Duration backoff = FIRST_BACKOFF;
        while (!stopping) {
            String workerId = JobWorker.newId();
            long started = System.nanoTime();
            Process child;
            try {
                child = launcher.apply(workerId).start();
            } catch (IOException | RuntimeException e) {
                log.error("worker: cannot start the worker process, trying again in {} s: {}",
                        backoff.toSeconds(), e.toString());
                if (!pause(backoff)) {
                    return;
                }
                backoff = longer(backoff);
                continue;
            }
            synchronized (lock) {
                process = child;
                stdin = child.getOutputStream();
                if (stopping) { // close() ran while the child started: tell it to stop too
                    closeQuietly(stdin);
                }
            }
            log.info("worker: process {} started as worker {}", child.pid(), workerId);
            int exit;
            try {
                exit = child.waitFor();
            } catch (InterruptedException e) {
                return;
            }
            synchronized (lock) {
                process = null;
                stdin = null;
            }
            if (stopping) {
                return;
            }
            if (exit == WorkerProcess.EXIT_TO_RESTART) {
                // It finished its jobs first (see JobWorker), so this releases nothing unless it was killed late.
                log.info("worker: process {} asked for a fresh process (its log says why); restarting it now",
                        child.pid());
                release(workerId, "process " + child.pid() + " restarted itself");
                backoff = FIRST_BACKOFF;
                continue;
            }
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(STABLE) > 0) {
                backoff = FIRST_BACKOFF;
            }
            String cause = "process " + child.pid() + " " + describe(exit);
            log.warn("worker: {}, restarting in {} s", cause, backoff.toSeconds());
            release(workerId, cause);
            if (!pause(backoff)) {
                return;
            }
            backoff = longer(backoff);
        }
    }

    /** Gives the dead worker's jobs back at once; a database that is down leaves them to their leases. */
    private void release(String workerId, String cause) {
        List<JobQueue.Released> releasedJobs;
        try {
            releasedJobs = queue.releaseCrashed(workerId, MAX_CRASHES, cause);
        } catch (RuntimeException e) {
            log.warn("worker: cannot release the jobs of {} now; they run again when their leases expire: {}",
                    workerId, e.toString());
            return;
        }
        for (var released : releasedJobs) {
            Job job = released.job();
            String name = "job " + job.id() + " " + job.kind().subject() + " " + job.subjectId();
            if (released.setAside()) {
                log.warn("worker: {} crashed the worker {} times; it is failed and will not be retried automatically",
                        name, released.times());
                var handler = onSetAside.get(job.kind());
                try {
                    if (handler != null) {
                        handler.onSetAside(job, FailureReason.CRASHED, released.times());
                    }
                } catch (RuntimeException e) {
                    log.warn("worker: cannot record why {} failed: {}", name, e.toString());
                }
            } else {
                log.info("worker: {} released (crash {} of {})", name, released.times(), MAX_CRASHES);
            }
        }
    }

    /** How a process ended, in words: the JVM exits with 3 on OutOfMemoryError when told to. */
    static String describe(int exit) {
        if (exit == 3) {
            return "died (exit 3, OutOfMemoryError: the worker's heap, VITRINE_WORKER_MEMORY_MB, was too small)";
        }
        if (exit > 128) {
            int signal = exit - 128;
            String name = switch (signal) {
                case 9 -> " (SIGKILL: the out-of-memory killer or kill -9)";
                case 6 -> " (SIGABRT: a native library aborted)";
                case 11 -> " (SIGSEGV: a native crash)";
                case 15 -> " (SIGTERM)";
                default -> "";
            };
            return "died (killed by signal " + signal + name + ")";
        }
        return exit == 0 ? "stopped on its own (exit 0)" : "died (exit " + exit + ")";
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // the child is already gone
        }
    }

    private static Duration longer(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    /** Sleeps unless stopping; false when the supervisor is stopping. */
    private boolean pause(Duration duration) {
        synchronized (lock) {
            long deadline = System.nanoTime() + duration.toNanos();
            try {
                for (long left; !stopping && (left = deadline - System.nanoTime()) > 0; ) {
                    lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                return false;
            }
            return !stopping;
        }
    }

    /**
     * Stops the worker: closing its standard input tells it to finish the jobs in hand and exit; one that
     * does not exit in time is terminated (its jobs run again after their leases).
     */
    @Override
    public void close() {
        Process child;
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
            child = process;
            if (stdin != null) {
                closeQuietly(stdin);
            }
        }
        if (child != null) {
            try {
                if (!child.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    log.warn("worker: process {} did not stop in {} s; killing it", child.pid(),
                            STOP_TIMEOUT.toSeconds());
                    child.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            log.info("worker: process {} stopped", child.pid());
        }
        if (monitor != null) {
            monitor.interrupt();
        }
    }
}
