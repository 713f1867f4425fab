package org.vitrine.user;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * PasswordHasher hashes passwords with Argon2id (password4j), with parameters that take about a tenth of a
 * second and 19 MiB on a small server (the OWASP minimum), and verifies them in constant time. At most a few
 * hashes run at once, on a small pool of their own threads, as many as the heap affords; further requests wait
 * briefly in line and are then refused with {@link Busy}, so a burst of sign-ins slows down instead of exhausting
 * the heap or the request threads.
 */
public final class PasswordHasher {
    public static final int MIN_LENGTH = 10;
    /** Heap set aside per concurrent hash: its 19 MiB of Argon2 memory, with room for the request around it. */
    static final long HEAP_PER_HASH = 64L * 1024 * 1024;
    static final int MAX_CONCURRENT = 4;

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

    private final Semaphore permits;
    private final Duration maxWait;
    // Argon2 is pure CPU for a tenth of a second or more. Run on the request's virtual thread it would hold one of
    // the few carrier threads (one per core) that every other request, and Jetty's own I/O, must share; on these
    // platform threads the operating system shares the cores fairly and the waiting request thread unmounts.
    private final ExecutorService hashing;

    /** A hasher sized from this JVM's heap that lets a request wait up to three seconds for its turn. */
    public PasswordHasher() {
        this(concurrencyFor(Runtime.getRuntime().maxMemory()), Duration.ofSeconds(3));
    }

    public PasswordHasher(int concurrent, Duration maxWait) {
        this.permits = new Semaphore(concurrent, true);
        this.maxWait = maxWait;
        this.hashing = Executors.newFixedThreadPool(Math.max(1, concurrent),
                Thread.ofPlatform().daemon().name("vitrine-password-", 1).factory());
    }

    /** How many hashes may run at once in a heap of this size: one per 64 MiB, 1 to 4. */
    static int concurrencyFor(long maxHeapBytes) {
        return (int) Math.clamp(maxHeapBytes / HEAP_PER_HASH, 1, MAX_CONCURRENT);
    }

    public String hash(String password) {
        return inTurn(() -> Password.hash(password).addRandomSalt(16).with(ARGON2).getResult());
    }

    public boolean verify(String password, String hash) {
        return inTurn(() -> {
            try {
                return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private <T> T inTurn(Supplier<T> work) {
        try {
            if (!permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            return hashing.submit(work::get).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            permits.release();
        }
    }

    /** A reason the password is not acceptable, or null when it is. */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "Use a password of at least " + MIN_LENGTH + " characters.";
        }
        if (password.length() > 1000) {
            return "That password is too long (1000 characters at most).";
        }
        return null;
    }

    /** Busy says too many passwords are being checked right now; the client should try again shortly. */
    public static final class Busy extends RuntimeException {
        public static final int RETRY_AFTER_SECONDS = 5;

        Busy() {
            super("Too many sign-ins at once. Try again in a few seconds.", null, false, false);
        }
    }
}
