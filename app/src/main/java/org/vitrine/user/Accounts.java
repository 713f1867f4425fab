package org.vitrine.user;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Accounts creates users, changes passwords and checks sign-ins. */
public final class Accounts {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    // Verifying against a real hash when the email is unknown keeps the response time the same,
    // so timing does not tell which emails have accounts.
    private final String decoyHash;

    private final UserDao users;
    private final SessionDao sessions;
    private final PasswordHasher hasher;

    public Accounts(UserDao users, SessionDao sessions, PasswordHasher hasher) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.decoyHash = hasher.hash("decoy password that never matches");
    }

    public boolean hasUsers() {
        return users.count() > 0;
    }

    /** Creates an account; throws {@link AccountException} with a user-facing reason when it cannot. */
    public User create(String email, String password) {
        String normalized = normalizeEmail(email);
        String weakness = PasswordHasher.weakness(password);
        if (weakness != null) {
            throw new AccountException(weakness);
        }
        if (users.credentials(normalized).isPresent()) {
            throw new AccountException("There is already an account for " + normalized + ".");
        }
        long id = users.insert(normalized, hasher.hash(password));
        return new User(id, normalized);
    }

    /**
     * Creates the site's first owner from the setup link. Exactly one of several simultaneous submissions wins;
     * the others get {@link AccountException} saying setup is done.
     */
    public User createFirstOwner(String email, String password) {
        String normalized = normalizeEmail(email);
        String weakness = PasswordHasher.weakness(password);
        if (weakness != null) {
            throw new AccountException(weakness);
        }
        String hash = hasher.hash(password);
        long id = users.insertFirstOwner(normalized, hash)
                .orElseThrow(() -> new AccountException("This site has been set up already. Sign in instead."));
        return new User(id, normalized);
    }

    /** Whether the setup link may still create the first owner. */
    public boolean setupAllowed() {
        return !hasUsers() && !users.setupDone();
    }

    /** Sets a new password and signs the account out everywhere: a password change must lock out whoever else had it. */
    public void changePassword(String email, String password) {
        String weakness = PasswordHasher.weakness(password);
        if (weakness != null) {
            throw new AccountException(weakness);
        }
        var credentials = users.credentials(normalizeEmail(email))
                .orElseThrow(() -> new AccountException("There is no account for " + email + "."));
        users.updatePassword(credentials.user().id(), hasher.hash(password));
        sessions.deleteAllFor(credentials.user().id());
    }

    /** The user when the email and password match. */
    public Optional<User> authenticate(String email, String password) {
        if (email == null || password == null) {
            return Optional.empty();
        }
        var credentials = users.credentials(email.trim());
        if (credentials.isEmpty()) {
            hasher.verify(password, decoyHash);
            return Optional.empty();
        }
        return hasher.verify(password, credentials.get().passwordHash())
                ? Optional.of(credentials.get().user())
                : Optional.empty();
    }

    private static String normalizeEmail(String email) {
        String trimmed = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(trimmed).matches() || trimmed.length() > 320) {
            throw new AccountException("Enter an email address like name@example.com.");
        }
        return trimmed;
    }

    /** AccountException carries a message to show the user as is. */
    public static final class AccountException extends RuntimeException {
        public AccountException(String message) {
            super(message);
        }
    }
}
