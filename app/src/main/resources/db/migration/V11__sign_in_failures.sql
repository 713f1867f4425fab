-- Failed sign-ins per rate-limit key (user/LoginRateLimiter), in the database so that every web node counts
-- the same failures: a guesser spread over two nodes by the proxy waits as long as on one. The key (the
-- client's address, or the address with the account) is kept as its SHA-256, so the table never holds the
-- addresses typed by mistake. Rows whose failures are forgotten are removed as new failures come in.
CREATE TABLE sign_in_failures (
    key_hash        VARCHAR(64) PRIMARY KEY,
    failures        INTEGER     NOT NULL,
    last_failure_at BIGINT      NOT NULL
);

CREATE INDEX sign_in_failures_last ON sign_in_failures (last_failure_at);
