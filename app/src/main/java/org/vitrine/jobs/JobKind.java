package org.vitrine.jobs;

/** JobKind is the closed set of background jobs. Each job carries only the id of its subject. */
public enum JobKind {
    /** Make the derivative ladder of a photo; the subject is the photo id. */
    DERIVATIVES("photo");

    private final String subject;

    JobKind(String subject) {
        this.subject = subject;
    }

    /** What the subject id points at, for logs: "job 42 DERIVATIVES photo 7". */
    public String subject() {
        return subject;
    }
}
