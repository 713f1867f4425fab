package org.vitrine.nodes;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * ClientLog records every request the fault test's clients make: what, when it started and ended, and how it
 * went. A failed request is excused only if it was in flight when a node was killed.
 */
final class ClientLog {
    /** One request; {@code status} is 0 when no answer came (connection cut, reset). */
    record Request(String what, long startNanos, long endNanos, int status, String error) {
        boolean failed(int... expected) {
            for (int ok : expected) {
                if (status == ok) {
                    return false;
                }
            }
            return true;
        }

        boolean inFlightDuring(long fromNanos, long toNanos) {
            return startNanos <= toNanos && endNanos >= fromNanos;
        }

        @Override
        public String toString() {
            return what + " -> " + (status == 0 ? error : String.valueOf(status));
        }
    }

    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

    void add(Request request) {
        requests.add(request);
    }

    List<Request> all() {
        return List.copyOf(requests);
    }

    long countAfter(long nanos) {
        return requests.stream().filter(r -> r.startNanos() > nanos).count();
    }
}
