package org.vitrine.user;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.vitrine.user.CurrentUser;
import org.vitrine.web.NotFound;
import org.vitrine.web.Pages;

import java.time.Duration;

/** AuthController serves first-run setup, sign-in and sign-out. */
public final class AuthController {
    private final Accounts accounts;
    private final CurrentUser currentUser;
    private final LoginRateLimiter rateLimiter;
    private final SetupToken setupToken;
    private final Pages pages;

    public AuthController(Accounts accounts, CurrentUser currentUser, LoginRateLimiter rateLimiter,
                          SetupToken setupToken, Pages pages) {
        this.accounts = accounts;
        this.currentUser = currentUser;
        this.rateLimiter = rateLimiter;
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
            renderSetupError(ctx, token, email, "The two passwords are not the same.");
            return;
        }
        try {
            User owner = accounts.create(email, password);
            currentUser.signIn(ctx, owner);
            pages.redirectWith(ctx, "/admin", "Your account is ready. Create your first album.");
        } catch (Accounts.AccountException e) {
            renderSetupError(ctx, token, email, e.getMessage());
        }
    }

    private void renderSetupError(Context ctx, String token, String email, String error) {
        ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
        pages.render(ctx, "user/setup.jte",
                new SetupPage(pages.context(ctx, "Welcome to Vitrine"), token, email == null ? "" : email, error));
    }

    private void requireSetupAllowed(String token) {
        // Once an owner exists, or without the exact link, setup does not exist.
        if (accounts.hasUsers() || !setupToken.matches(token)) {
            throw new NotFound("This setup link is not valid. Use the link printed when Vitrine started, "
                    + "or add a user with: ./vitrine user add EMAIL");
        }
    }

    public void loginForm(Context ctx) {
        if (currentUser.isOwner(ctx)) {
            ctx.redirect("/admin");
            return;
        }
        pages.render(ctx, "user/login.jte", new LoginPage(pages.context(ctx, "Sign in"), "", null));
    }

    public void login(Context ctx) {
        String email = ctx.formParam("email");
        String password = ctx.formParam("password");
        String ipKey = "ip:" + ctx.ip();
        String emailKey = "email:" + (email == null ? "" : email.trim().toLowerCase());
        Duration wait = rateLimiter.waitFor(ipKey, emailKey);
        if (!wait.isZero()) {
            long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
            loginError(ctx, HttpStatus.TOO_MANY_REQUESTS, email,
                    "Too many failed attempts. Try again in " + minutes + (minutes == 1 ? " minute." : " minutes."));
            return;
        }
        var user = accounts.authenticate(email, password);
        if (user.isEmpty()) {
            rateLimiter.recordFailure(ipKey, emailKey);
            loginError(ctx, HttpStatus.UNAUTHORIZED, email, "That email and password do not match an account.");
            return;
        }
        rateLimiter.reset(emailKey);
        currentUser.signIn(ctx, user.get());
        String next = ctx.queryParam("next");
        ctx.redirect(next != null && next.startsWith("/") && !next.startsWith("//") ? next : "/admin",
                HttpStatus.SEE_OTHER);
    }

    private void loginError(Context ctx, HttpStatus status, String email, String message) {
        ctx.status(status);
        pages.render(ctx, "user/login.jte",
                new LoginPage(pages.context(ctx, "Sign in"), email == null ? "" : email, message));
    }

    public void logout(Context ctx) {
        currentUser.signOut(ctx);
        pages.redirectWith(ctx, "/", "You are signed out.");
    }
}
