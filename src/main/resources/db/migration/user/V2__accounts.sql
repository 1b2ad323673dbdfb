CREATE TABLE users.accounts
(
  id            UUID PRIMARY KEY,
  email         TEXT        NOT NULL,
  name          TEXT        NOT NULL,
  password_hash TEXT        NOT NULL,
  roles         TEXT[]      NOT NULL,
  active        BOOLEAN     NOT NULL,
  registered_at TIMESTAMPTZ NOT NULL,
  version       BIGINT      NOT NULL
);
-- one account per (normalised) email, also under concurrent registrations
CREATE UNIQUE INDEX accounts_email_key ON users.accounts (email);

-- consecutive failed sign-ins per account, kept apart from the aggregate so counting never conflicts with its version
CREATE TABLE users.login_failures
(
  account_id   UUID PRIMARY KEY REFERENCES users.accounts (id),
  failures     INT NOT NULL,
  locked_until TIMESTAMPTZ
);
