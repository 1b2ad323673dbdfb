-- Fixed-window counters for sign-in and registration throttling, keyed by what is counted (an email, an email and a
-- client address, a client address) rather than by account, so unknown emails are throttled exactly like known ones.
-- Counted before the password is checked, with one atomic upsert each.
CREATE TABLE users.rate_limits
(
  bucket      TEXT PRIMARY KEY,
  hits        INT         NOT NULL,
  window_ends TIMESTAMPTZ NOT NULL
);
CREATE INDEX rate_limits_window_ends ON users.rate_limits (window_ends);

-- replaced by rate_limits: it counted failures after the password check, so parallel guesses were all checked
DROP TABLE users.login_failures;
