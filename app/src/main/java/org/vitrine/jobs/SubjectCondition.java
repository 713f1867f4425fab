package org.vitrine.jobs;

/**
 * SubjectCondition is an SQL condition on a job's subject, written with the parameter {@code :subjectId}, that
 * {@link JobQueue#enqueueIf} checks in the very statement that adds the job: nothing can change the subject between
 * the check and the insert. The feature that owns the subject's table writes it (e.g. "the photo is still
 * processing").
 *
 * @param sql a boolean SQL expression, portable to SQLite and PostgreSQL, such as {@code EXISTS (SELECT 1 ...)}
 */
public record SubjectCondition(String sql) {
}
