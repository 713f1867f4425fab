package org.vitrine.jobs;

/**
 * MemoryBudget admits jobs by their estimated peak memory: a job starts only while the estimates of the jobs
 * running stay within the capacity, except that a job larger than the whole budget still runs, alone.
 */
public final class MemoryBudget {
    private final long capacity;
    private long inUse; // guarded by this
    private int holders; // guarded by this

    public MemoryBudget(long capacityBytes) {
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("A memory budget needs at least one byte, got " + capacityBytes);
        }
        this.capacity = capacityBytes;
    }

    /** A budget of three quarters of this JVM's maximum heap: the rest is the worker's own baseline. */
    public static MemoryBudget ofHeap() {
        return new MemoryBudget(Runtime.getRuntime().maxMemory() / 4 * 3);
    }

    /** Held memory, given back by {@link #close()}. */
    public final class Permit implements AutoCloseable {
        private final long bytes;
        private boolean closed;

        private Permit(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void close() {
            synchronized (MemoryBudget.this) {
                if (!closed) {
                    closed = true;
                    inUse -= bytes;
                    holders--;
                    MemoryBudget.this.notifyAll();
                }
            }
        }
    }

    /** Waits until the estimate fits beside the running jobs, or until nothing else runs. */
    public synchronized Permit acquire(long bytes) throws InterruptedException {
        long needed = Math.max(0, bytes);
        while (holders > 0 && inUse + needed > capacity) {
            wait();
        }
        inUse += needed;
        holders++;
        return new Permit(needed);
    }

    /** Whether an estimate would have to wait right now (for logs). */
    public synchronized boolean wouldWait(long bytes) {
        return holders > 0 && inUse + Math.max(0, bytes) > capacity;
    }

    public synchronized long inUse() {
        return inUse;
    }

    public long capacity() {
        return capacity;
    }
}
