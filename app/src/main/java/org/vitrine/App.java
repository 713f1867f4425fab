package org.vitrine;

import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.admin.AdminController;
import org.vitrine.album.AlbumAdminController;
import org.vitrine.album.AlbumController;
import org.vitrine.album.AlbumDao;
import org.vitrine.album.AlbumEditor;
import org.vitrine.api.ApiController;
import org.vitrine.config.Config;
import org.vitrine.db.Database;
import org.vitrine.jobs.JdbiJobQueue;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;
import org.vitrine.jobs.JobWorker;
import org.vitrine.jobs.MemoryBudget;
import org.vitrine.jobs.WorkerSupervisor;
import org.vitrine.cli.WorkerCommand;
import org.vitrine.media.ExifImageInspector;
import org.vitrine.media.ImageEngine;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.ImageEngines;
import org.vitrine.photo.DerivativeJob;
import org.vitrine.photo.DerivativeMaker;
import org.vitrine.photo.MediaController;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoAdminController;
import org.vitrine.photo.PhotoController;
import org.vitrine.photo.PhotoDao;
import org.vitrine.photo.PhotoIngest;
import org.vitrine.photo.UploadController;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.LocalBlobStore;
import org.vitrine.user.Accounts;
import org.vitrine.user.AuthController;
import org.vitrine.user.CurrentUser;
import org.vitrine.user.LoginRateLimiter;
import org.vitrine.user.PasswordHasher;
import org.vitrine.user.SessionDao;
import org.vitrine.user.SetupToken;
import org.vitrine.user.UserDao;
import org.vitrine.web.ClientAddress;
import org.vitrine.web.Csrf;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.Health;
import org.vitrine.web.Pages;
import org.vitrine.web.SessionCookie;
import org.vitrine.web.Templates;
import org.vitrine.web.WebServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * App wires Vitrine's object graph by hand from a {@link Config}: database, storage, features, web server and
 * background worker. Tests build it the same way, on a free port and a temporary data folder.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Config config;
    private final Clock clock;
    private final Database database;
    private final BlobStore blobs;
    private final AlbumDao albums;
    private final PhotoDao photos;
    private final JobQueue jobs;
    private Accounts accounts; // made on first use: password hashing holds 19 MiB the image worker never needs
    private final AlbumEditor albumEditor;
    private final Path tmpDir;
    private JobWorker worker;
    private WorkerSupervisor supervisor;
    private Javalin server;
    private final PhotoIngest ingest;
    private final SetupToken setupToken = new SetupToken(new SecureRandom());

    private App(Config config, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        Path dataDir = Files.createDirectories(config.dataDir());
        this.tmpDir = Files.createDirectories(dataDir.resolve("tmp"));
        this.database = Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        this.blobs = new LocalBlobStore(dataDir.resolve("blobs"));
        this.albums = new AlbumDao(database.jdbi(), clock);
        this.photos = new PhotoDao(database.jdbi());
        this.jobs = new JdbiJobQueue(database, clock);
        this.albumEditor = new AlbumEditor(albums, new SecureRandom());
        this.ingest = new PhotoIngest(photos, blobs, new ExifImageInspector(config.maxPixels()), jobs,
                this::wakeWorker, tmpDir.resolve("uploads"), config.maxUploadBytes(), clock);
    }

    /** Opens the database and storage without starting the server (for command-line tools). */
    public static App open(Config config) throws IOException {
        return new App(config, Clock.systemUTC());
    }

    /**
     * Opens everything and starts the web server and the background worker: a supervised child process, a
     * worker inside this process, or none, as {@link Config#workers()} says.
     */
    public static App start(Config config) throws IOException {
        App app = open(config);
        try {
            app.requeueUnfinishedWork();
            switch (config.workers()) {
                case PROCESS -> app.startSupervisor();
                case INLINE -> app.startWorker(JobWorker.newId());
                case NONE -> log.info("jobs: no worker in this process (VITRINE_WORKERS=none): photos are "
                        + "processed by `vitrine worker` processes");
            }
            app.startServer();
            return app;
        } catch (RuntimeException | IOException e) {
            app.close();
            throw e;
        }
    }

    /** Starts processing jobs in this process, under the given worker id (the prefix of its lease owners). */
    public void startWorker(String workerId) throws IOException {
        // Only processes that resize load an engine: the web process never holds libvips or decoders.
        ImageEngine engine = ImageEngines.choose(config.imageEngine(), config.maxPixels());
        retryPhotosThisEngineCanNowDecode(engine);
        var maker = new DerivativeMaker(photos, blobs, engine, tmpDir.resolve("derivatives"));
        // A short poll: a supervised worker is also woken through its input, but a standalone one on another
        // machine learns of new uploads only by polling.
        var options = new JobWorker.Options(config.workerThreads(), Duration.ofMillis(500),
                Duration.ofSeconds(config.jobLeaseSeconds()), Duration.ofSeconds(30));
        var budget = config.workerBudgetMb() > 0
                ? new MemoryBudget(config.workerBudgetMb() * 1024L * 1024L)
                : MemoryBudget.ofHeap();
        worker = new JobWorker(workerId, jobs, Map.of(JobKind.DERIVATIVES, new DerivativeJob(maker, photos)),
                options, budget);
        worker.start();
    }

    /** Starts the image worker as a child process and keeps it running (see {@link WorkerSupervisor}). */
    void startSupervisor() {
        supervisor = new WorkerSupervisor(id -> WorkerCommand.launch(config, id), jobs, released -> {
            if (released.kind() == JobKind.DERIVATIVES) {
                photos.setStatus(released.subjectId(), Photo.FAILED, "This photo " + JobQueue.CRASHED_THE_WORKER
                        + " " + released.crashes() + " times (it may be too large for the worker's memory, "
                        + "VITRINE_WORKER_MEMORY_MB, or damaged). It is kept; an admin can retry it.");
            }
        });
        supervisor.start();
    }

    /**
     * Queues every photo still waiting for derivatives: the process may have stopped between storing a photo and
     * queueing it (enqueueing is idempotent, so photos already queued are not queued twice).
     */
    public void requeueUnfinishedWork() {
        var waiting = photos.idsWithStatus(Photo.PROCESSING);
        waiting.forEach(id -> jobs.enqueue(JobKind.DERIVATIVES, id));
        if (!waiting.isEmpty()) {
            log.info("jobs: queued {} photos still waiting for their sizes", waiting.size());
        }
    }

    /**
     * Tries again the photos that an earlier engine could not decode (HEIC and AVIF without libvips) if this one
     * can: nothing uploaded is lost, it is processed once an engine for it is there. Photos that failed for any
     * other reason (damaged, crashed the worker) are left for the owner to retry.
     */
    private void retryPhotosThisEngineCanNowDecode(ImageEngine engine) {
        var decodableNow = java.util.Arrays.stream(ImageFormat.values()).filter(engine::canDecode).toList();
        var retried = photos.idsWaitingForAnEngine(decodableNow);
        for (long id : retried) {
            photos.setStatus(id, Photo.PROCESSING, null);
            jobs.enqueue(JobKind.DERIVATIVES, id);
        }
        if (!retried.isEmpty()) {
            log.info("jobs: queued {} failed HEIC/AVIF photos that the {} engine can decode", retried.size(),
                    engine.name());
        }
    }

    void startServer() throws IOException {
        var sessions = new SessionDao(database.jdbi(), clock);
        var sessionCookie = new SessionCookie(config.secureCookies());
        var csrf = new Csrf(sessionCookie, config.secureCookies());
        var currentUser = new CurrentUser(sessions, sessionCookie);
        var pages = new Pages(new Templates(), currentUser, csrf, config.secureCookies());
        var albumController = new AlbumController(albums, photos, currentUser, pages, config.baseUrl(), "Vitrine");
        var routes = new Routes(
                albumController,
                new PhotoController(albumController, photos, currentUser, pages),
                new MediaController(photos, albums, blobs, currentUser),
                new AlbumAdminController(albums, albumEditor, photos, blobs, currentUser, pages, config.baseUrl()),
                new PhotoAdminController(photos, albums, blobs, jobs, this::wakeWorker, currentUser, pages),
                new UploadController(albums, ingest, currentUser, pages),
                new AdminController(albums, jobs, this::wakeWorker, currentUser, pages),
                new AuthController(accounts(), currentUser, LoginRateLimiter.forSignIn(clock),
                        new ClientAddress(config.trustedProxies()), setupToken, pages),
                new ApiController(albums, photos, albumController, currentUser, config.baseUrl()),
                new Health(database.jdbi()));
        server = WebServer.create(config, routes, csrf, pages,
                Files.createDirectories(tmpDir.resolve("multipart"))).start();
        log.info("web: Vitrine is serving {} (listening on {}:{})", config.baseUrl(), config.bind(), port());
        if (!accounts().hasUsers()) {
            String link = setupLink();
            log.info("setup: no account yet. Open this one-time link to create the owner account:\n\n    {}\n", link);
        }
    }

    /** Tells the worker, in this process or the supervised child, that a job is waiting. */
    public void wakeWorker() {
        if (worker != null) {
            worker.wake();
        }
        if (supervisor != null) {
            supervisor.wake();
        }
    }

    /** The one-time link that creates the owner account, valid while no account exists. */
    public String setupLink() {
        return config.baseUrl() + "/setup?token=" + setupToken.value();
    }

    /** The port the server listens on (useful when the config asked for port 0). */
    public int port() {
        return server.port();
    }

    public Config config() {
        return config;
    }

    public synchronized Accounts accounts() {
        if (accounts == null) {
            accounts = new Accounts(new UserDao(database.jdbi(), clock), new SessionDao(database.jdbi(), clock),
                    new PasswordHasher());
        }
        return accounts;
    }

    public AlbumEditor albumEditor() {
        return albumEditor;
    }

    public PhotoIngest ingest() {
        return ingest;
    }

    public JobQueue jobs() {
        return jobs;
    }

    public PhotoDao photos() {
        return photos;
    }

    public AlbumDao albums() {
        return albums;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        if (supervisor != null) {
            supervisor.close();
        }
        if (worker != null) {
            worker.close();
        }
        database.close();
    }
}
