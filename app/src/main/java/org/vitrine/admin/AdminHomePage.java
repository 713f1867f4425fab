package org.vitrine.admin;

import org.vitrine.jobs.JobQueue;
import org.vitrine.web.PageContext;

import java.util.List;

/** AdminHomePage lists every album with its visibility, and the background queue's counts and failures. */
public record AdminHomePage(PageContext page, List<AlbumRow> albums, JobQueue.Counts jobs,
                            List<JobQueue.JobView> recentJobs) {

    /** AlbumRow is one album in the admin list. */
    public record AlbumRow(long id, String title, String visibility, int photoCount, String editUrl, String viewUrl) {
    }
}
