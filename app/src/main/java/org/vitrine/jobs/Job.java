package org.vitrine.jobs;

/** Job is one claimed unit of background work: what to do, to which subject, and how often it was tried. */
public record Job(long id, JobKind kind, long subjectId, int attempts) {
}
