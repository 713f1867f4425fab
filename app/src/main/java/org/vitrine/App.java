package org.vitrine;

import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.access.AccessPolicy;
import org.vitrine.admin.AdminController;
import org.vitrine.album.AlbumAdminController;
import org.vitrine.album.AlbumController;
import org.vitrine.album.PhotoAdminController;
import org.vitrine.album.PhotoController;
import org.vitrine.album.UploadController;
import org.vitrine.album.VisibleAlbums;
import org.vitrine.album.AlbumDao;
import org.vitrine.album.AlbumEditor;
import org.vitrine.album.LinkCookies;
import org.vitrine.access.Unlocks;
import org.vitrine.access.Viewers;
import org.vitrine.share.ShareLinkAdminController;
import org.vitrine.share.ShareLinkDao;
import org.vitrine.share.ShareLinksPanels;
import org.vitrine.share.UnlockController;
import org.vitrine.api.ApiController;
import org.vitrine.config.Config;
import org.vitrine.db.Database;
import org.vitrine.feed.FeedController;
import org.vitrine.feed.SitemapController;
import org.vitrine.jobs.DoneJobsPurge;
import org.vitrine.jobs.JdbiJobQueue;
import org.vitrine.jobs.JobKind;
import org.vitrine.jobs.JobQueue;
import org.vitrine.jobs.JobWorker;
import org.vitrine.jobs.MemoryBudget;
import org.vitrine.jobs.WorkerProcess;
import org.vitrine.jobs.WorkerSupervisor;
import org.vitrine.media.inspect.ExifImageInspector;
import org.vitrine.media.ImageEngine;
import org.vitrine.media.ImageFormat;
import org.vitrine.media.choice.ImageEngines;
import org.vitrine.nodes.NodeChanges;
import org.vitrine.photo.BroadcastMediaChanges;
import org.vitrine.photo.DerivativeJob;
import org.vitrine.photo.DerivativeMaker;
import org.vitrine.photo.PhotoLocator;
import org.vitrine.place.Geocoder;
import org.vitrine.place.PhotoPlaces;
import org.vitrine.place.PlaceController;
import org.vitrine.place.PlaceSearch;
import org.vitrine.place.PlacesLoader;
import org.vitrine.photo.MediaController;
import org.vitrine.photo.MediaDelivery;
import org.vitrine.photo.MediaHandler;
import org.vitrine.photo.MediaIndex;
import org.vitrine.photo.MediaLookup;
import org.vitrine.photo.OriginalBlobs;
import org.vitrine.photo.PhotoDao;
import org.vitrine.photo.PhotoIngest;
import org.vitrine.photo.PhotoRemoval;
import org.vitrine.photo.PhotoStatus;
import org.vitrine.photo.StorageFailureRetry;
import org.vitrine.photo.UnusedBlobCollector;
import org.vitrine.site.SiteSettings;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.BlobStores;
import org.vitrine.storage.ProcessTempDir;
import org.vitrine.storage.cache.CloudPrimaryStore;
import org.vitrine.storage.cache.SpoolUploads;
import org.vitrine.storage.migrate.StoreLocationCheck;
import org.vitrine.storage.mirror.Mirror;
import org.vitrine.storage.mirror.MirrorSweep;
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
import org.vitrine.web.MappedFiles;
import org.vitrine.web.Pages;
import org.vitrine.web.SessionCookie;
import org.vitrine.web.Templates;
import org.vitrine.web.SecurityHeaders;
import org.vitrine.web.WebServer;
import org.vitrine.web.ClientLimits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * App wires Vitrine's object graph by hand from a {@link Config}: database, storage, features, web server and
 * background worker. Tests build it the same way, on a free port and a temporary data folder.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** Photos read per query by start-up recovery: memory stays flat however many photos wait. */
    static final int RECOVERY_PAGE = 500;
    /** How often a worker queues again the photos whose sizes could not be stored (disk full, store down). */
    static final Duration STORAGE_RETRY_EVERY = Duration.ofMinutes(10);
    /** How long done jobs stay listed before they are purged; failed ones stay until retried. */
    static final Duration DONE_JOBS_KEPT = Duration.ofDays(7);

    private final Config config;
    private final Clock clock;
    private final Database database;
    private final BlobStore blobs;
    private final AlbumDao albums;
    private final ShareLinkDao shareLinks;
    /** One hasher for sign-ins and album passwords: its bound on concurrent hashes is for the whole process. */
    // Made on first use, like accounts: password hashing holds 19 MiB the image worker never needs.
    private PasswordHasher passwordHasher;
    private final PhotoDao photos;
    private final MappedFiles mappedFiles;
    private final SessionDao sessions;
    private final MediaIndex mediaIndex;
    private final NodeChanges nodeChanges;
    private final JobQueue jobs;
    private final SpoolUploads spoolUploads;
    private Accounts accounts; // made on first use: password hashing holds 19 MiB the image worker never needs
    private final AlbumEditor albumEditor;
    private final ProcessTempDir tmp;
    private final Path tmpDir;
    private JobWorker worker;
    private WorkerSupervisor supervisor;
    private DoneJobsPurge purge;
    private StorageFailureRetry storageRetry;
    private Javalin server;
    private final PhotoIngest ingest;
    private final PhotoRemoval removal;
    private final OriginalBlobs originals;
    private final Optional<Mirror> mirror;
    private MirrorSweep mirrorSweep;
    private final PhotoPlaces photoPlaces;
    private java.util.concurrent.ScheduledExecutorService housekeeping;
    private final SetupToken setupToken = new SetupToken(new SecureRandom());

    private App(Config config, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        Path dataDir = Files.createDirectories(config.dataDir());
        // This process's own folder: what a killed process left in data/tmp is removed here, at the next start.
        this.tmp = ProcessTempDir.claim(dataDir.resolve("tmp"));
        this.tmpDir = tmp.path();
        this.database = Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        try {
            StoreLocationCheck.require(database.jdbi(), config);
        } catch (RuntimeException e) {
            database.close();
            tmp.close();
            throw e;
        }
        this.jobs = new JdbiJobQueue(database, clock);
        this.spoolUploads = new SpoolUploads(jobs);
        BlobStore store = BlobStores.open(config, dataDir, spoolUploads);
        this.mirror = Mirror.open(config, store, database.jdbi(), clock, tmpDir.resolve("mirror"));
        this.blobs = mirror.map(m -> m.repairing(store)).orElse(store);
        // One for the process: it remembers sessions, and signing out must make every part of it forget them.
        // Other web nodes on the same database hear of every change that makes what they remember wrong.
        this.nodeChanges = new NodeChanges(database.dialect(), database.jdbi(), config.databaseUrl(),
                config.databaseUser(), config.databasePassword(), dataDir);
        this.sessions = new SessionDao(database.jdbi(), clock, nodeChanges.broadcast());
        this.mappedFiles = new MappedFiles();
        this.mediaIndex = new MediaIndex(database.jdbi(), mappedFiles::forget);
        var mediaChanges = new BroadcastMediaChanges(mediaIndex, nodeChanges.broadcast());
        this.albums = new AlbumDao(database.jdbi(), clock, mediaChanges);
        this.shareLinks = new ShareLinkDao(database.jdbi(), clock, mediaChanges);
        this.photos = new PhotoDao(database.jdbi(), mediaChanges);
        this.albumEditor = new AlbumEditor(albums, new SecureRandom());
        this.originals = new OriginalBlobs(database.jdbi(), blobs, clock);
        this.removal = new PhotoRemoval(photos, blobs, originals);
        this.photoPlaces = new PhotoPlaces(database.jdbi(), new Geocoder(database.jdbi()));
        this.ingest = new PhotoIngest(photos, originals, new ExifImageInspector(config.maxPixels()), jobs,
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
            if (config.namesPlaces()) {
                // Once, on the first start: before the worker, so that the first photos get their place.
                new PlacesLoader(app.database.jdbi(), app.clock).loadIfMissing();
            }
            app.requeueUnfinishedWork();
            if (app.blobs instanceof CloudPrimaryStore cloud) {
                app.spoolUploads.start(cloud, Duration.ofSeconds(config.jobLeaseSeconds()));
            }
            app.purge = new DoneJobsPurge(app.jobs, DONE_JOBS_KEPT).start(Duration.ofHours(1));
            switch (config.workers()) {
                case PROCESS -> app.startSupervisor();
                case INLINE -> app.startWorker(JobWorker.newId());
                case NONE -> log.info("jobs: no worker in this process (VITRINE_WORKERS=none): photos are "
                        + "processed by `vitrine worker` processes");
            }
            app.startServer();
            app.startCollectingUnusedBlobs();
            app.mirror.ifPresent(m -> app.mirrorSweep = m.startSweeping(app.jobs, app::wakeWorker));
            return app;
        } catch (RuntimeException | IOException e) {
            app.close();
            throw e;
        }
    }

    /** Starts processing jobs in this process, under the given worker id (the prefix of its lease owners). */
    public void startWorker(String workerId) throws IOException {
        startWorker(workerId, null);
    }

    /**
     * Starts processing jobs in this process, as the supervised worker when {@code restarter} is given: it then
     * restarts itself between jobs when a job's thread is stuck past its time limit or its memory stays far above
     * its plan.
     */
    public void startWorker(String workerId, JobWorker.Restarter restarter) throws IOException {
        // Only processes that resize load an engine: the web process never holds libvips or decoders.
        ImageEngine engine = ImageEngines.choose(config.imageEngine(), config.maxPixels(), config.workerThreads(),
                config.workerBudgetMb() > 0 ? config.workerBudgetMb() : Long.MAX_VALUE);
        retryPhotosThisEngineCanNowDecode(engine);
        var maker = new DerivativeMaker(photos, blobs, engine, tmpDir.resolve("derivatives"));
        // A short poll: a supervised worker is also woken through its input, but a standalone one on another
        // machine learns of new uploads only by polling.
        var options = new JobWorker.Options(config.workerThreads(), Duration.ofMillis(500),
                Duration.ofSeconds(config.jobLeaseSeconds()), Duration.ofSeconds(30))
                .withRestartAboveRss(restarter == null ? 0 : WorkerProcess.restartAboveRssBytes(config));
        var budget = config.workerBudgetMb() > 0
                ? new MemoryBudget(config.workerBudgetMb() * 1024L * 1024L)
                : MemoryBudget.ofHeap();
        var handlers = new java.util.EnumMap<JobKind, org.vitrine.jobs.JobHandler>(
                Map.of(JobKind.DERIVATIVES, new DerivativeJob(maker, photos,
                        config.namesPlaces() ? photoPlaces::locate : PhotoLocator.NONE)));
        mirror.ifPresent(m -> handlers.putAll(m.handlers(jobs)));
        worker = new JobWorker(workerId, jobs, handlers, options, budget, restarter);
        worker.start();
        storageRetry = new StorageFailureRetry(photos, jobs, worker::wake).start(STORAGE_RETRY_EVERY);
    }

    /** Starts the image worker as a child process and keeps it running (see {@link WorkerSupervisor}). */
    void startSupervisor() {
        supervisor = new WorkerSupervisor(id -> WorkerProcess.command(config, Main.class, id), jobs,
                Map.of(JobKind.DERIVATIVES, DerivativeJob.whenSetAside(photos)));
        supervisor.start();
    }

    /**
     * Queues every photo still waiting for derivatives: the process may have stopped between storing a photo and
     * queueing it. Photos already queued are not queued twice, and neither is one that another process's worker
     * finishes between reading the page and queueing it (the queue checks again in the statement that adds the job).
     */
    public void requeueUnfinishedWork() {
        long queued = 0;
        List<Long> page = photos.idsWithStatus(PhotoStatus.PROCESSING, 0, RECOVERY_PAGE);
        while (!page.isEmpty()) {
            queued += jobs.enqueueIf(JobKind.DERIVATIVES, page, PhotoDao.STILL_PROCESSING);
            page = photos.idsWithStatus(PhotoStatus.PROCESSING, page.getLast(), RECOVERY_PAGE);
        }
        if (queued > 0) {
            log.info("jobs: queued {} photos still waiting for their sizes without a job", queued);
        }
    }

    /**
     * Tries again the photos that an earlier engine could not decode (HEIC and AVIF without libvips) if this one
     * can: nothing uploaded is lost, it is processed once an engine for it is there. Photos that failed for any
     * other reason (damaged, crashed the worker) are left for the owner to retry.
     */
    private void retryPhotosThisEngineCanNowDecode(ImageEngine engine) {
        var decodableNow = java.util.Arrays.stream(ImageFormat.values()).filter(engine::canDecode).toList();
        long retried = 0;
        List<Long> page = photos.idsWaitingForAnEngine(decodableNow, 0, RECOVERY_PAGE);
        while (!page.isEmpty()) {
            // Conditional, like the recovery above: two workers starting together retry each photo once.
            photos.markProcessingIfWaitingForAnEngine(page);
            retried += jobs.enqueueIf(JobKind.DERIVATIVES, page, PhotoDao.STILL_PROCESSING);
            page = photos.idsWaitingForAnEngine(decodableNow, page.getLast(), RECOVERY_PAGE);
        }
        if (retried > 0) {
            log.info("jobs: queued {} failed HEIC/AVIF photos that the {} engine can decode", retried,
                    engine.name());
        }
    }

    void startServer() throws IOException {
        nodeChanges.listen(new NodeCaches(mediaIndex, sessions));
        var sessionCookie = new SessionCookie(config.secureCookies());
        var csrf = new Csrf(sessionCookie, config.secureCookies());
        var currentUser = new CurrentUser(sessions, sessionCookie);
        var siteSettings = new SiteSettings(database.jdbi());
        var pages = new Pages(new Templates(), currentUser, csrf, siteSettings::title,
                config.secureCookies());
        var policy = new AccessPolicy();
        var links = shareLinks;
        var unlocks = new Unlocks(siteSettings.unlockSecret());
        var viewers = new Viewers(currentUser, unlocks, clock);
        var linkCookies = new LinkCookies(config.secureCookies(), clock);
        var visibleAlbums = new VisibleAlbums(albums, links, policy, linkCookies);
        var mediaLookup = new MediaLookup(mediaIndex, policy, viewers);
        var delivery = MediaDelivery.of(config, blobs, policy);
        var routes = new Routes(
                new AlbumController(albums, visibleAlbums, photos, policy, viewers, pages, config.baseUrl()),
                new PhotoController(visibleAlbums, photos, photoPlaces, policy, viewers, pages, config.baseUrl()),
                new MediaController(mediaLookup, blobs, delivery),
                new AlbumAdminController(albums, albumEditor, photos, removal, currentUser, pages,
                        new ShareLinksPanels(links, siteSettings, config.baseUrl(), clock)),
                new PhotoAdminController(photos, albums, removal, jobs, this::wakeWorker, currentUser, pages),
                new UploadController(albums, ingest, currentUser, pages),
                new AdminController(albums, jobs, this::wakeWorker, () -> mirror.map(Mirror::status), currentUser,
                        pages),
                new AuthController(accounts(), currentUser, LoginRateLimiter.forSignIn(database.jdbi(), clock),
                        new ClientAddress(config.trustedProxies()), setupToken, pages),
                new ApiController(albums, visibleAlbums, photos, photoPlaces, policy, viewers, config.baseUrl()),
                new PlaceController(new PlaceSearch(database.jdbi()), policy, viewers),
                new FeedController(albums, visibleAlbums, photos, policy, viewers, siteSettings::title,
                        config.baseUrl()),
                new SitemapController(albums, photos, policy, config.baseUrl()),
                new ShareLinkAdminController(albums, links, passwordHasher(), currentUser, pages, new SecureRandom(),
                        clock),
                new UnlockController(albums, links, passwordHasher(), LoginRateLimiter.forSignIn(database.jdbi(), clock),
                        new ClientAddress(config.trustedProxies()), unlocks, linkCookies, pages, clock),
                new Health(database.jdbi(), config.dataDir()));
        server = WebServer.create(config, ClientLimits.DEFAULT, routes, csrf, pages,
                Files.createDirectories(tmpDir.resolve("multipart")), List.of(new MediaHandler(mediaLookup,
                        mappedFiles, blobs, new SecurityHeaders(config.baseUrl()), delivery))).start();
        log.info("web: Vitrine is serving {} (listening on {}:{})", config.baseUrl(), config.bind(), port());
        if (!accounts().hasUsers()) {
            String link = setupLink();
            log.info("setup: no account yet. Open this one-time link to create the owner account:\n\n    {}\n", link);
        }
    }

    /**
     * Removes unused files now and every few hours, on a thread of its own. A plain scheduled task of the web
     * process for now; it becomes a periodic job once the job queue has kinds for such work. Several web
     * processes running it at once is harmless.
     */
    void startCollectingUnusedBlobs() {
        var collector = new UnusedBlobCollector(photos, blobs, originals, clock, UnusedBlobCollector.GRACE);
        housekeeping = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("unused-blobs").daemon().factory());
        housekeeping.scheduleWithFixedDelay(() -> {
            try {
                collector.collect();
            } catch (IOException | RuntimeException e) {
                log.warn("storage: could not finish removing unused files, trying again later: {}", e.toString());
            }
        }, 0, UnusedBlobCollector.GRACE.toMinutes(), java.util.concurrent.TimeUnit.MINUTES);
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

    /** The one hasher of the process, for sign-in and album and link passwords alike (one bounded pool). */
    private synchronized PasswordHasher passwordHasher() {
        if (passwordHasher == null) {
            passwordHasher = new PasswordHasher();
        }
        return passwordHasher;
    }

    public synchronized Accounts accounts() {
        if (accounts == null) {
            accounts = new Accounts(new UserDao(database.jdbi(), clock), sessions, passwordHasher());
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

    public ShareLinkDao shareLinks() {
        return shareLinks;
    }

    public AlbumDao albums() {
        return albums;
    }

    /** How this process hears of and announces changes other web nodes must know. */
    public NodeChanges nodeChanges() {
        return nodeChanges;
    }

    /** Where photos were taken, in words (tests). */
    public PhotoPlaces photoPlaces() {
        return photoPlaces;
    }

    public Database database() {
        return database;
    }

    /** A check of the blob store against the database (for {@code vitrine storage verify}). */
    public org.vitrine.photo.StorageCheck storageCheck() {
        return new org.vitrine.photo.StorageCheck(database.jdbi(), blobs, originals, clock);
    }

    /** The mirror to the cloud, when VITRINE_MIRROR sets one. */
    public Optional<Mirror> mirror() {
        return mirror;
    }

    @Override
    public void close() {
        if (mirrorSweep != null) {
            mirrorSweep.close();
        }
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
        if (server != null) {
            server.stop();
        }
        nodeChanges.close();
        if (storageRetry != null) {
            storageRetry.close();
        }
        if (purge != null) {
            purge.close();
        }
        if (supervisor != null) {
            supervisor.close();
        }
        if (worker != null) {
            worker.close();
        }
        spoolUploads.close();
        if (blobs instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("storage: could not close the store: {}", e.toString());
            }
        }
        database.close();
        tmp.close();
    }
}
