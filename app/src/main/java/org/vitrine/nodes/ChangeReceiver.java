package org.vitrine.nodes;

/** ChangeReceiver is what a node does with the changes other processes announce. */
public interface ChangeReceiver {
    /** Another process (or this one) committed this change. */
    void changed(Change change);

    /**
     * Changes may have been missed (the listener has just connected, or reconnected after losing the database):
     * everything remembered may be out of date and must be forgotten.
     */
    void forgetEverything();
}
