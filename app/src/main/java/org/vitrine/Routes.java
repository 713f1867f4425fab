package org.vitrine;

import io.javalin.config.JavalinConfig;
import org.vitrine.admin.AdminController;
import org.vitrine.album.AlbumAdminController;
import org.vitrine.album.AlbumController;
import org.vitrine.album.PhotoAdminController;
import org.vitrine.album.PhotoController;
import org.vitrine.album.UploadController;
import org.vitrine.api.ApiController;
import org.vitrine.place.PlaceController;
import org.vitrine.feed.FeedController;
import org.vitrine.feed.SitemapController;
import org.vitrine.photo.MediaController;
import org.vitrine.share.ShareLinkAdminController;
import org.vitrine.share.UnlockController;
import org.vitrine.user.AuthController;
import org.vitrine.web.Health;
import org.vitrine.web.RouteTable;

/**
 * Routes is the whole URL space of the site, in one table. It sits with the wiring, not in web: it names every
 * feature's controllers, and features depend on web, so a table inside web would make every import a circle.
 */
public record Routes(AlbumController albums, PhotoController photos, MediaController media,
                     AlbumAdminController albumAdmin, PhotoAdminController photoAdmin, UploadController uploads, AdminController admin,
                     AuthController auth, ApiController api, PlaceController places, FeedController feeds,
                     SitemapController sitemap, ShareLinkAdminController shareLinks, UnlockController unlocks,
                     Health health) implements RouteTable {

    @Override
    public void register(JavalinConfig config) {
        var r = config.routes;
        r.get("/", albums::home);
        r.get("/feed.atom", feeds::site);
        r.get("/sitemap.xml", sitemap::sitemap);
        r.get("/robots.txt", sitemap::robots);
        r.get("/a/{slug}", albums::album);
        // Before the photo page: Javalin tries routes in the order they are added.
        r.get("/a/{slug}/feed.atom", feeds::album);
        r.get("/a/{slug}/{photoId}", photos::photo);
        r.post("/a/{slug}/unlock", unlocks::unlock);
        unlocks.registerPages(config);
        r.get("/media/d/{photoId}/{file}", media::derivative);
        r.head("/media/d/{photoId}/{file}", media::derivative);
        r.get("/media/o/{photoId}/{file}", media::original);
        r.head("/media/o/{photoId}/{file}", media::original);

        r.get("/setup", auth::setupForm);
        r.post("/setup", auth::setup);
        r.get("/login", auth::loginForm);
        r.post("/login", auth::login);
        r.post("/logout", auth::logout);

        r.get("/admin", admin::home);
        r.post("/admin/jobs/{id}/retry", admin::retryJob);
        r.get("/admin/albums/new", albumAdmin::newForm);
        r.post("/admin/albums", albumAdmin::create);
        r.get("/admin/albums/{id}", albumAdmin::edit);
        r.post("/admin/albums/{id}", albumAdmin::update);
        r.post("/admin/albums/{id}/delete", albumAdmin::delete);
        r.before("/admin/albums/{id}/photos", uploads::beforeBody);
        r.post("/admin/albums/{id}/photos", uploads::upload);
        r.post("/admin/albums/{id}/links", shareLinks::create);
        r.post("/admin/albums/{id}/password", shareLinks::password);
        r.post("/admin/links/{id}/revoke", shareLinks::revoke);
        r.post("/admin/links/{id}/replace", shareLinks::replace);
        r.post("/admin/photos/{id}", photoAdmin::update);
        r.post("/admin/photos/{id}/rotate", photoAdmin::rotate);
        r.post("/admin/photos/{id}/cover", photoAdmin::makeCover);
        r.post("/admin/photos/{id}/delete", photoAdmin::delete);

        r.get("/api/albums", api::albums);
        r.get("/api/albums/{slug}", api::album);
        r.get("/api/places", places::search);
        r.get("/healthz", health::check);
    }
}
