package org.vitrine.feed;

import io.javalin.http.Context;
import org.vitrine.access.AccessPolicy;
import org.vitrine.access.Viewer;
import org.vitrine.album.Album;
import org.vitrine.album.AlbumDao;
import org.vitrine.photo.Photo;
import org.vitrine.photo.PhotoDao;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SitemapController tells search engines what to index: {@code /sitemap.xml} lists the home page, the albums
 * listed for everyone and their photo pages; {@code /robots.txt} keeps crawlers out of the owner's pages and
 * points at the sitemap. Unlisted and private albums are in neither: listing a URL is publishing it.
 */
public final class SitemapController {
    private static final String SITEMAPS = "http://www.sitemaps.org/schemas/sitemap/0.9";
    /** The sitemap protocol's limit on URLs in one file. */
    static final int URL_LIMIT = 50_000;
    /** Paths no crawler has business in: sign-in, setup, administration and the JSON API. */
    static final List<String> DISALLOWED = List.of("/admin", "/login", "/setup", "/api");

    private final AlbumDao albums;
    private final PhotoDao photos;
    private final AccessPolicy policy;
    private final URI baseUrl;

    public SitemapController(AlbumDao albums, PhotoDao photos, AccessPolicy policy, URI baseUrl) {
        this.albums = albums;
        this.photos = photos;
        this.policy = policy;
        this.baseUrl = baseUrl;
    }

    /** GET /sitemap.xml. */
    public void sitemap(Context ctx) {
        List<Album> listed = albums.list(policy.listedFor(Viewer.ANONYMOUS)).stream()
                .map(AlbumDao.AlbumWithCount::album).toList();
        Map<Long, Album> byId = listed.stream().collect(Collectors.toMap(Album::id, Function.identity()));
        List<Photo> pages = photos.newestReady(byId.keySet(), Math.max(0, URL_LIMIT - 1 - listed.size()));
        var out = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(SITEMAPS);
            xml.writeStartElement(SITEMAPS, "urlset");
            xml.writeDefaultNamespace(SITEMAPS);
            url(xml, "/", null);
            for (Album album : listed) {
                url(xml, album.path(), Instant.ofEpochMilli(album.updatedAt()));
            }
            for (Photo photo : pages) {
                url(xml, byId.get(photo.albumId()).photoPath(photo.id()), Instant.ofEpochMilli(photo.uploadedAt()));
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write the sitemap", e);
        }
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.contentType("application/xml; charset=utf-8");
        ctx.result(out.toByteArray());
    }

    /** GET /robots.txt. */
    public void robots(Context ctx) {
        var text = new StringBuilder("User-agent: *\n");
        DISALLOWED.forEach(path -> text.append("Disallow: ").append(path).append('\n'));
        text.append("Allow: /\n\nSitemap: ").append(baseUrl.resolve("/sitemap.xml")).append('\n');
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(text.toString());
    }

    private void url(XMLStreamWriter xml, String path, Instant modified) throws XMLStreamException {
        xml.writeStartElement(SITEMAPS, "url");
        xml.writeStartElement(SITEMAPS, "loc");
        xml.writeCharacters(baseUrl.resolve(path).toString());
        xml.writeEndElement();
        if (modified != null) {
            xml.writeStartElement(SITEMAPS, "lastmod");
            xml.writeCharacters(modified.toString());
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
}
