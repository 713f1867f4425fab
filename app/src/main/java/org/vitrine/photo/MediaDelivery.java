package org.vitrine.photo;

import org.vitrine.access.AccessPolicy;
import org.vitrine.access.AlbumAccess;
import org.vitrine.access.Resource;
import org.vitrine.config.Config;
import org.vitrine.storage.BlobStore;
import org.vitrine.storage.StorageException;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * MediaDelivery decides how a file that a viewer may see reaches the browser: sent by Vitrine (from a mapped local
 * file when the store has one, else streamed from the store), or a redirect to the cloud (a short-lived signed
 * URL, or the public/CDN address for public albums' sizes). It is asked only after the access policy said yes: a
 * refused viewer never learns a URL. It looks at no file: on the hot path a look at the disk per request (a
 * blocking call on a virtual thread) cost the site most of its throughput.
 */
public final class MediaDelivery {
    /** How long a signed URL works: long enough to load a page, short enough that a shared one soon stops. */
    static final Duration SIGNED_URL_VALIDITY = Duration.ofMinutes(15);
    /** How long one signed URL is handed out again (signing costs CPU); it then still works 10 minutes. */
    static final Duration SIGNED_URL_REUSE = Duration.ofMinutes(5);
    /** A browser keeps a redirect to a signed URL for less than the URL still works when handed out. */
    private static final String SIGNED_REDIRECT_CACHE = "private, max-age=300";
    private static final String PUBLIC_REDIRECT_CACHE = "public, max-age=3600";

    /** How to send one file. */
    public sealed interface Delivery {
    }

    /** Vitrine sends it: a mapped local file when the store has one (cached, spooled, local), else a stream. */
    public record Send() implements Delivery {
    }

    private static final Send SEND = new Send();

    /** Answer with a redirect to this address, itself cacheable as {@code cacheControl} says. */
    public record Redirect(URI location, String cacheControl) implements Delivery {
    }

    /** The answer to a viewer when the store failed: an HTTP status and what to tell them, no internals. */
    public record Failure(int status, String words) {
    }

    /** 504 when the store did not answer in time (a cloud that stalls), 503 when it failed. */
    public static Failure failure(StorageException e) {
        if (e.getCause() instanceof java.util.concurrent.TimeoutException) {
            return new Failure(504, "The storage holding this image did not answer in time. Try again in a moment.");
        }
        return new Failure(503, "The storage holding this image cannot be read right now. Try again later.");
    }

    private final BlobStore blobs;
    private final SignedUrls signedUrls;
    private final AccessPolicy policy;
    private final boolean redirectToSignedUrls;
    private final Optional<URI> publicBase;

    public MediaDelivery(BlobStore blobs, AccessPolicy policy, boolean redirectToSignedUrls, Optional<URI> publicBase) {
        this.blobs = blobs;
        this.signedUrls = new SignedUrls(blobs, SIGNED_URL_VALIDITY, SIGNED_URL_REUSE, java.time.Clock.systemUTC());
        this.policy = policy;
        this.redirectToSignedUrls = redirectToSignedUrls;
        this.publicBase = publicBase.map(base -> URI.create(base.toString().replaceAll("/+$", "")));
    }

    /** As the configuration says (VITRINE_CLOUD_SERVING, VITRINE_CLOUD_PUBLIC_URL). */
    public static MediaDelivery of(Config config, BlobStore blobs, AccessPolicy policy) {
        return new MediaDelivery(blobs, policy, config.cloudServing() == Config.CloudServing.REDIRECT,
                publicBase(config.cloudPublicUrl()));
    }

    static Optional<URI> publicBase(String text) {
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.trim());
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getQuery() == null) {
                return Optional.of(uri);
            }
        } catch (java.net.URISyntaxException e) {
            // refused below
        }
        throw new IllegalArgumentException("VITRINE_CLOUD_PUBLIC_URL must be an http:// or https:// address "
                + "without a query, like https://photos.example.com; got '" + text + "'");
    }

    /** Whether any file may go out as a redirect: then the media handler's local fast path must stand aside. */
    public boolean mayRedirect() {
        return publicBase.isPresent() || redirectToSignedUrls;
    }

    /**
     * How to send the blob under {@code key}, a {@code resource} of a photo in {@code album} that the viewer was
     * allowed to see. A blob not yet in the cloud (still in the local spool) is always sent from here.
     */
    public Delivery decide(String key, AlbumAccess album, Resource resource) throws StorageException {
        if (mayRedirect()) {
            Optional<URI> signed = signedUrls.of(key); // empty when the cloud has no copy yet
            if (signed.isPresent()) {
                if (publicBase.isPresent() && resource == Resource.DERIVATIVE && policy.sharedCachesMayKeep(album)) {
                    return new Redirect(URI.create(publicBase.get() + "/" + key), PUBLIC_REDIRECT_CACHE);
                }
                if (redirectToSignedUrls) {
                    return new Redirect(signed.get(), SIGNED_REDIRECT_CACHE);
                }
            }
        }
        return SEND;
    }
}
