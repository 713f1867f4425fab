package org.vitrine.nodes;

/**
 * ChangeBroadcast tells the other processes on the same database of a change this one has just committed. On
 * SQLite there are no other web nodes (a SQLite site runs on one machine), so it does nothing there.
 */
public interface ChangeBroadcast {
    ChangeBroadcast NONE = change -> {
    };

    /** Sends after the change's commit; never throws (the change is made, the caller cannot undo it). */
    void send(Change change);
}
