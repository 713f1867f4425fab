package org.vitrine.web;

import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.vitrine.db.DatabaseFull;
import org.vitrine.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vitrine.config.Config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * WebServer builds the Javalin server: routes, static assets (answered in front of it by {@link AssetHandler}),
 * limits on slow and large requests, CSRF checks on
 * every state change, security headers, and error pages that say what went wrong.
 */
public final class WebServer {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    private static final String MALFORMED = "The request could not be read: it is not a well-formed form "
            + "(at most 1000 fields, names without control characters).";

    private WebServer() {
    }

    public static Javalin create(Config config, RouteTable routes, Csrf csrf, Pages pages, Path uploadTmp) {
        return create(config, ClientLimits.DEFAULT, routes, csrf, pages, uploadTmp);
    }

    public static Javalin create(Config config, ClientLimits limits, RouteTable routes, Csrf csrf, Pages pages,
                                 Path uploadTmp) {
        return create(config, limits, routes, csrf, pages, uploadTmp, List.of());
    }

    /**
     * @param inFront plain Jetty handlers that answer some requests before Javalin sees them (images); each passes
     *                what it does not answer on to the next, the last to Javalin
     */
    public static Javalin create(Config config, ClientLimits limits, RouteTable routes, Csrf csrf, Pages pages,
                                 Path uploadTmp, List<Handler.Wrapper> inFront) {
        var securityHeaders = new SecurityHeaders(config.baseUrl());
        var bodyLimit = new RequestBodyLimit(limits.maxFormBytes());
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            // A request waiting on a slow client holds a virtual thread, not one of a few hundred platform threads:
            // slow clients cost memory for their buffers only, and the time limits below drop them.
            c.concurrency.useVirtualThreads = true;
            c.jetty.addConnector((server, http) -> connector(server, http, config, limits));
            // Assets (hashed, precompressed) and then the given handlers answer first; Javalin puts its servlet
            // inside the innermost wrapper of the server's handler.
            var front = new java.util.ArrayList<Handler.Wrapper>();
            front.add(new AssetHandler(securityHeaders));
            front.addAll(inFront);
            c.jetty.modifyServer(server -> server.setHandler(chain(front)));
            c.jetty.multipartConfig.cacheDirectory(uploadTmp.toString());
            // Parts above 64 KiB go to disk as they arrive: an upload never sits in the heap.
            c.jetty.multipartConfig.maxInMemoryFileSize(64, SizeUnit.KB);
            c.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
            c.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes() * 20, SizeUnit.BYTES);
            // Bodies Javalin reads itself (forms) are small; only the upload route's multipart may be large.
            c.http.maxRequestSize = limits.maxFormBytes();
            c.routes.before(securityHeaders::apply);
            routes.register(c);
            // After the routes' own before-handlers, so the upload route can first refuse a visitor who is not
            // signed in, and mark its request as an upload, before any body is looked at.
            c.routes.before(ctx -> {
                bodyLimit.check(ctx);
                if (ctx.method() == HandlerType.POST || ctx.method() == HandlerType.PUT
                        || ctx.method() == HandlerType.PATCH || ctx.method() == HandlerType.DELETE) {
                    csrf.check(ctx);
                }
            });
            c.routes.exception(NotFound.class, (e, ctx) -> error(ctx, pages, 404, e.getMessage()));
            // An address no route matches: Javalin's own answer is a line of plain text naming its endpoints.
            c.routes.exception(io.javalin.http.NotFoundResponse.class, (e, ctx) -> error(ctx, pages, 404,
                    "This page does not exist, or is not shared with you."));
            c.routes.exception(BadRequest.class, (e, ctx) -> error(ctx, pages, e.status(), e.getMessage()));
            c.routes.exception(SignInRequired.class, (e, ctx) -> {
                if (wantsJson(ctx)) {
                    ctx.status(401).json(Map.of("error", e.getMessage()));
                } else {
                    ctx.redirect("/login?next=" + java.net.URLEncoder.encode(ctx.path(),
                            java.nio.charset.StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
                }
            });
            c.routes.exception(BadMessageException.class, (e, ctx) -> error(ctx, pages, e.getCode(),
                    e.getCode() == 413 ? tooLarge(config) : MALFORMED));
            c.routes.exception(Exception.class, (e, ctx) -> {
                if (isTooLarge(e)) {
                    error(ctx, pages, 413, tooLarge(config));
                    return;
                }
                StorageException storage = storageFailure(e, uploadTmp);
                if (storage != null) {
                    log.warn("web: {} {} failed: {}", ctx.method(), ctx.path(), storage.getMessage());
                    boolean full = storage.problem() == StorageException.Problem.FULL;
                    error(ctx, pages, full ? 507 : 503, full
                            ? "The server's disk is full: what you sent was not saved. Ask the site's owner to "
                            + "free some space, then try again."
                            : "The server could not store what you sent right now. Try again in a few minutes.");
                    return;
                }
                if (badMessage(e) != null) {
                    // Jetty refused the body (e.g. a multipart form with too many parts or control bytes in a
                    // name); it arrives wrapped in the servlet's exception.
                    error(ctx, pages, 400, MALFORMED);
                    return;
                }
                log.error("web: {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, pages, 500, "Something went wrong on the server. It has been logged; try again.");
            });
            c.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    error(ctx, pages, 404, "This page does not exist, or is not shared with you.");
                }
            });
        });
    }

    private static Handler.Wrapper chain(List<Handler.Wrapper> handlers) {
        for (int i = 0; i < handlers.size() - 1; i++) {
            handlers.get(i).setHandler(handlers.get(i + 1));
        }
        return handlers.getFirst();
    }

    private static Connector connector(Server server, HttpConfiguration http, Config config, ClientLimits limits) {
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setMinRequestDataRate(limits.minRequestBytesPerSecond());
        http.setMinResponseDataRate(limits.minResponseBytesPerSecond());
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        var connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(config.bind());
        connector.setPort(config.port());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.addBean(new RequestHeaderDeadline(limits.headerDeadline()));
        return connector;
    }

    private static String tooLarge(Config config) {
        return "too large: the limit is " + config.maxUploadBytes() / (1024 * 1024) + " MB per file";
    }

    private static BadMessageException badMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadMessageException bad) {
                return bad;
            }
        }
        return null;
    }

    private static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase();
            if (t instanceof IllegalStateException && (message.contains("max file size")
                    || message.contains("exceeds") || message.contains("too large"))) {
                return true;
            }
            if (t instanceof BadMessageException bad && bad.getCode() == 413) {
                return true;
            }
        }
        return false;
    }

    /**
     * The storage failure behind an exception, or null: a {@link StorageException}, or an I/O error while the
     * disk of the upload folder is full (Jetty spooling a multipart body there knows nothing of storage).
     */
    private static StorageException storageFailure(Throwable e, Path uploadTmp) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageException storage) {
                return storage;
            }
        }
        if (DatabaseFull.is(e)) {
            return new StorageException(StorageException.Problem.FULL, "storage full: the database could not write",
                    e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException io) {
                var diagnosed = StorageException.of("receive the request", io, uploadTmp);
                return diagnosed.problem() == StorageException.Problem.FULL ? diagnosed : null;
            }
        }
        return null;
    }

    private static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        return ctx.path().startsWith("/api/") || (accept != null && accept.contains("application/json"));
    }

    private static void error(Context ctx, Pages pages, int status, String message) {
        ctx.status(status);
        if (wantsJson(ctx)) {
            ctx.json(Map.of("error", message, "results", java.util.List.of(
                    Map.of("name", "", "ok", false, "message", message))));
            return;
        }
        String title = switch (status) {
            case 404 -> "Not found";
            case 403 -> "Not allowed";
            case 413 -> "Too large";
            case 500 -> "Server error";
            case 503 -> "Try again later";
            case 507 -> "Disk full";
            default -> "Something is wrong";
        };
        pages.render(ctx, "error.jte", new ErrorPage(pages.context(ctx, title), status, message));
    }
}
