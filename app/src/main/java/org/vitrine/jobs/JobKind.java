package org.vitrine.jobs;

/** JobKind is the closed set of background jobs. Each job carries only the id of its subject. */
public enum JobKind {
    /** Make the derivative ladder of a photo; the subject is the photo id. */
    DERIVATIVES
}
