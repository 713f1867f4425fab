package org.vitrine.admin;

import io.javalin.http.Context;
import org.vitrine.album.AlbumDao;
import org.vitrine.jobs.JobQueue;
import org.vitrine.jobs.JobStatus;
import org.vitrine.storage.mirror.MirrorStatus;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;

import java.util.Optional;
import java.util.function.Supplier;

/** AdminController serves the owner's overview: every album, and the background queue with its failures. */
public final class AdminController {
    /** Running and failed jobs listed on the page; the counts say when there are more (see `vitrine jobs`). */
    static final int SHOWN_JOBS = 100;

    private final AlbumDao albums;
    private final JobQueue jobs;
    private final Runnable wakeWorkers;
    private final Supplier<Optional<MirrorStatus>> mirror;
    private final CurrentUser currentUser;
    private final Pages pages;

    public AdminController(AlbumDao albums, JobQueue jobs, Runnable wakeWorkers,
                           Supplier<Optional<MirrorStatus>> mirror, CurrentUser currentUser, Pages pages) {
        this.albums = albums;
        this.jobs = jobs;
        this.wakeWorkers = wakeWorkers;
        this.mirror = mirror;
        this.currentUser = currentUser;
        this.pages = pages;
    }

    public void home(Context ctx) {
        currentUser.require(ctx);
        var rows = albums.listAll().stream().map(a -> new AdminHomePage.AlbumRow(a.album().id(), a.album().title(),
                a.album().visibility().code(), a.photoCount(), "/admin/albums/" + a.album().id(),
                a.album().path())).toList();
        // What the owner can act on or watch: jobs running now, then failures with their reasons, each by its own
        // query, so failures stay listed however many jobs were done since.
        pages.render(ctx, "admin/home.jte", new AdminHomePage(pages.context(ctx, "Admin"), rows, jobs.counts(),
                jobs.list(JobStatus.RUNNING, SHOWN_JOBS), jobs.list(JobStatus.FAILED, SHOWN_JOBS),
                mirror.get().orElse(null)));
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
