-- Publications that exhausted their delivery attempts or that an operator abandoned: terminal, never retried
-- automatically, kept for inspection and manual resubmission. Spring Modulith's own table only knows its own statuses.
CREATE TABLE event_publication_dead_letter
(
  id                     UUID PRIMARY KEY,
  listener_id            TEXT        NOT NULL,
  event_type             TEXT        NOT NULL,
  serialized_event       TEXT        NOT NULL,
  publication_date       TIMESTAMPTZ NOT NULL,
  completion_attempts    INT,
  last_resubmission_date TIMESTAMPTZ,
  reason                 TEXT        NOT NULL, -- EXHAUSTED or ABANDONED
  dead_since             TIMESTAMPTZ NOT NULL
);
CREATE INDEX event_publication_dead_letter_by_date_idx ON event_publication_dead_letter (dead_since);

-- The last error of each (listener, message), which the registry does not record.
CREATE TABLE event_publication_failure
(
  listener_id    TEXT        NOT NULL,
  event_id       UUID        NOT NULL,
  failures       INT         NOT NULL,
  last_error     TEXT        NOT NULL,
  last_failed_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (listener_id, event_id)
);
