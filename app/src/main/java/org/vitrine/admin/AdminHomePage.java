package org.vitrine.admin;

import org.vitrine.jobs.JobQueue;
import org.vitrine.storage.mirror.MirrorStatus;
import org.vitrine.web.PageContext;

import java.util.List;

/**
 * AdminHomePage lists every album with its visibility, and the background queue's counts, the jobs running now
 * and the failed ones (newest first).
 */
public record AdminHomePage(PageContext page, List<AlbumRow> albums, JobQueue.Counts jobs,
                            List<JobQueue.JobView> runningJobs, List<JobQueue.JobView> failedJobs,
                            MirrorStatus mirror) {

    /** The page without a mirror (VITRINE_MIRROR=none). */
    public AdminHomePage(PageContext page, List<AlbumRow> albums, JobQueue.Counts jobs,
                         List<JobQueue.JobView> runningJobs, List<JobQueue.JobView> failedJobs) {
        this(page, albums, jobs, runningJobs, failedJobs, null);
    }

    /** A time as the admin page shows it: UTC, to the minute. */
    public static String when(long epochMillis) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(epochMillis));
    }

    /** Failed jobs beyond those listed, for the "and N more" line. */
    public int unlistedFailures() {
        return Math.max(0, jobs.failed() - failedJobs.size());
    }

    /** AlbumRow is one album in the admin list. */
    public record AlbumRow(long id, String title, String visibility, int photoCount, String editUrl, String viewUrl) {
    }
}
