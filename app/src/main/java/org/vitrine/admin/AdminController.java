package org.vitrine.admin;

import io.javalin.http.Context;
import org.vitrine.album.AlbumDao;
import org.vitrine.jobs.JobQueue;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;

/** AdminController serves the owner's overview: every album, and the background queue with its failures. */
public final class AdminController {
    private final AlbumDao albums;
    private final JobQueue jobs;
    private final Runnable wakeWorkers;
    private final CurrentUser currentUser;
    private final Pages pages;

    public AdminController(AlbumDao albums, JobQueue jobs, Runnable wakeWorkers, CurrentUser currentUser,
                           Pages pages) {
        this.albums = albums;
        this.jobs = jobs;
        this.wakeWorkers = wakeWorkers;
        this.currentUser = currentUser;
        this.pages = pages;
    }

    public void home(Context ctx) {
        currentUser.require(ctx);
        var rows = albums.list(true).stream().map(a -> new AdminHomePage.AlbumRow(a.album().id(), a.album().title(),
                a.album().visibility().code(), a.photoCount(), "/admin/albums/" + a.album().id(),
                a.album().path())).toList();
        // What the owner can act on or watch: jobs running now, then failures with their reasons.
        var shown = jobs.list(200).stream()
                .filter(j -> j.status().equals("running") || j.status().equals("failed"))
                .sorted(java.util.Comparator.comparing(j -> !j.status().equals("running")))
                .limit(50)
                .toList();
        pages.render(ctx, "admin/home.jte", new AdminHomePage(pages.context(ctx, "Admin"), rows, jobs.counts(),
                shown));
    }

    public void retryJob(Context ctx) {
        currentUser.require(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFound();
        }
        if (jobs.retry(id)) {
            wakeWorkers.run();
            pages.redirectWith(ctx, "/admin", "Job " + id + " is queued again.");
        } else {
            pages.redirectWithError(ctx, "/admin", "Job " + id + " is not a failed job.");
        }
    }
}
