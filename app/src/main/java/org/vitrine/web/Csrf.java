package org.vitrine.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Csrf protects every state-changing request with a token that forms repeat in a hidden field ({@code _csrf})
 * and scripts send in the {@code X-CSRF-Token} header. The token is an HMAC of a secret the browser holds in an
 * HttpOnly cookie: the session token once signed in (so the token is tied to the session and changes at every
 * sign-in), or, for visitors, a random pre-session secret. Another site can make the browser send the cookies
 * but cannot read them, so it cannot compute the token; a token taken from one session is useless in another.
 */
public final class Csrf {
    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    static final String VISITOR_COOKIE = "vitrine_csrf";
    private static final String ATTRIBUTE = "csrf";
    private static final int SECRET_LENGTH = 43;

    private final SecureRandom random = new SecureRandom();
    private final SessionCookie session;
    private final boolean secureCookies;

    public Csrf(SessionCookie session, boolean secureCookies) {
        this.session = session;
        this.secureCookies = secureCookies;
    }

    /** The token for this browser's forms, issuing a visitor secret when it has neither session nor secret. */
    public String token(Context ctx) {
        Optional<String> signedIn = session.current(ctx);
        if (signedIn.isPresent()) {
            return derive(signedIn.get());
        }
        String secret = ctx.attribute(ATTRIBUTE);
        if (secret == null) {
            secret = visitorSecret(ctx).orElseGet(() -> issueVisitorSecret(ctx));
            ctx.attribute(ATTRIBUTE, secret);
        }
        return derive(secret);
    }

    /**
     * Refuses the request unless it carries this browser's token. Only small URL-encoded forms are read for the
     * field (their size is capped before this runs); a multipart body is never read here: uploads send the token
     * in the header or the query string, so a refused upload is refused before its body arrives.
     */
    public void check(Context ctx) {
        Optional<String> secret = session.read(ctx).or(() -> visitorSecret(ctx));
        String sent = ctx.header(HEADER);
        if (sent == null) {
            sent = ctx.queryParam(FIELD);
        }
        if (sent == null && isUrlEncodedForm(ctx)) {
            sent = ctx.formParam(FIELD);
        }
        if (secret.isEmpty() || sent == null || !MessageDigest.isEqual(
                derive(secret.get()).getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.UTF_8))) {
            throw new BadRequest(403, "This form has expired or was sent from another site. "
                    + "Reload the page and try again.");
        }
    }

    private static boolean isUrlEncodedForm(Context ctx) {
        String contentType = ctx.contentType();
        return contentType != null && contentType.startsWith("application/x-www-form-urlencoded");
    }

    private static Optional<String> visitorSecret(Context ctx) {
        String secret = ctx.cookie(VISITOR_COOKIE);
        return secret != null && secret.length() == SECRET_LENGTH ? Optional.of(secret) : Optional.empty();
    }

    private String issueVisitorSecret(Context ctx) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var cookie = new Cookie(VISITOR_COOKIE, secret);
        cookie.setHttpOnly(true);
        cookie.setSecure(secureCookies);
        cookie.setSameSite(SameSite.LAX);
        cookie.setPath("/");
        ctx.cookie(cookie);
        return secret;
    }

    private static String derive(String secret) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] token = mac.doFinal("vitrine csrf v1".getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
