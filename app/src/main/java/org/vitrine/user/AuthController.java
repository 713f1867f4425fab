package org.vitrine.user;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.vitrine.web.ClientAddress;
import org.vitrine.web.LocalRedirect;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;

import java.time.Duration;
import java.util.Locale;

/** AuthController serves first-run setup, sign-in and sign-out. */
public final class AuthController {
    private static final String AFTER_SIGN_IN = "/admin";

    private final Accounts accounts;
    private final CurrentUser currentUser;
    private final LoginRateLimiter rateLimiter;
    private final ClientAddress clientAddress;
    private final SetupToken setupToken;
    private final Pages pages;

    public AuthController(Accounts accounts, CurrentUser currentUser, LoginRateLimiter rateLimiter,
                          ClientAddress clientAddress, SetupToken setupToken, Pages pages) {
        this.accounts = accounts;
        this.currentUser = currentUser;
        this.rateLimiter = rateLimiter;
        this.clientAddress = clientAddress;
        this.setupToken = setupToken;
        this.pages = pages;
    }

    public void setupForm(Context ctx) {
        String token = ctx.queryParam("token");
        requireSetupAllowed(token);
        pages.render(ctx, "user/setup.jte", new SetupPage(pages.context(ctx, "Welcome to Vitrine"), token, "", null));
    }

    public void setup(Context ctx) {
        String token = ctx.formParam("token");
        requireSetupAllowed(token);
        String email = ctx.formParam("email");
        String password = ctx.formParam("password");
        if (password == null || !password.equals(ctx.formParam("password2"))) {
            renderSetupError(ctx, HttpStatus.UNPROCESSABLE_CONTENT, token, email, "The two passwords are not the same.");
            return;
        }
        try {
            User owner = accounts.createFirstOwner(email, password);
            currentUser.signIn(ctx, owner);
            pages.redirectWith(ctx, AFTER_SIGN_IN, "Your account is ready. Create your first album.");
        } catch (Accounts.AccountException e) {
            renderSetupError(ctx, HttpStatus.UNPROCESSABLE_CONTENT, token, email, e.getMessage());
        } catch (PasswordHasher.Busy e) {
            ctx.header("Retry-After", String.valueOf(PasswordHasher.Busy.RETRY_AFTER_SECONDS));
            renderSetupError(ctx, HttpStatus.SERVICE_UNAVAILABLE, token, email, e.getMessage());
        }
    }

    private void renderSetupError(Context ctx, HttpStatus status, String token, String email, String error) {
        ctx.status(status);
        pages.render(ctx, "user/setup.jte",
                new SetupPage(pages.context(ctx, "Welcome to Vitrine"), token, email == null ? "" : email, error));
    }

    private void requireSetupAllowed(String token) {
        // Once an owner exists, or without the exact link, setup does not exist.
        if (!setupToken.matches(token) || !accounts.setupAllowed()) {
            throw new NotFound("This setup link is not valid. Use the link printed when Vitrine started, "
                    + "or add a user with: ./vitrine user add EMAIL");
        }
    }

    public void loginForm(Context ctx) {
        String next = LocalRedirect.pathOr(ctx.queryParam("next"), AFTER_SIGN_IN);
        if (currentUser.isOwner(ctx)) {
            ctx.redirect(next);
            return;
        }
        pages.render(ctx, "user/login.jte", new LoginPage(pages.context(ctx, "Sign in"), "", next, null));
    }

    public void login(Context ctx) {
        String email = ctx.formParam("email");
        String password = ctx.formParam("password");
        String next = LocalRedirect.pathOr(ctx.formParam("next"), AFTER_SIGN_IN);
        String address = clientAddress.of(ctx);
        // By address, and by address and account together; never by account alone, or anyone could keep the
        // owner out by failing on purpose.
        String addressKey = "address:" + address;
        String pairKey = "pair:" + address + " " + (email == null ? "" : email.trim().toLowerCase(Locale.ROOT));
        Duration wait = rateLimiter.waitFor(addressKey, pairKey);
        if (!wait.isZero()) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            ctx.header("Retry-After", String.valueOf(seconds));
            loginError(ctx, HttpStatus.TOO_MANY_REQUESTS, email, next,
                    "Too many failed attempts. Try again in " + inWords(seconds) + ".");
            return;
        }
        java.util.Optional<User> user;
        try {
            user = accounts.authenticate(email, password);
        } catch (PasswordHasher.Busy e) {
            ctx.header("Retry-After", String.valueOf(PasswordHasher.Busy.RETRY_AFTER_SECONDS));
            loginError(ctx, HttpStatus.SERVICE_UNAVAILABLE, email, next, e.getMessage());
            return;
        }
        if (user.isEmpty()) {
            rateLimiter.recordFailure(addressKey, pairKey);
            loginError(ctx, HttpStatus.UNAUTHORIZED, email, next, "That email and password do not match an account.");
            return;
        }
        rateLimiter.reset(pairKey);
        currentUser.signIn(ctx, user.get());
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    private static String inWords(long seconds) {
        if (seconds < 90) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes + " minutes";
    }

    private void loginError(Context ctx, HttpStatus status, String email, String next, String message) {
        ctx.status(status);
        pages.render(ctx, "user/login.jte",
                new LoginPage(pages.context(ctx, "Sign in"), email == null ? "" : email, next, message));
    }

    public void logout(Context ctx) {
        currentUser.signOut(ctx);
        pages.redirectWith(ctx, "/", "You are signed out.");
    }
}
