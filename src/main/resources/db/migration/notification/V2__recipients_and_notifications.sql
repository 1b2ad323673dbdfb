-- The notification module's own copy of the user directory, fed by user events. email and name stay NULL while only a
-- deactivation is known; profile_as_of is the time of the profile they come from, so an older event never overwrites
-- a newer one.
CREATE TABLE notification.recipients
(
  user_id       UUID PRIMARY KEY,
  email         TEXT,
  name          TEXT,
  active        BOOLEAN NOT NULL,
  profile_as_of TIMESTAMPTZ
);

CREATE TABLE notification.notifications
(
  id                       UUID PRIMARY KEY,
  event_id                 UUID        NOT NULL,
  type                     TEXT        NOT NULL,
  recipient_id             UUID        NOT NULL,
  subject                  TEXT        NOT NULL,
  body                     TEXT        NOT NULL,
  created_at               TIMESTAMPTZ NOT NULL,
  delivery_status          TEXT        NOT NULL,
  delivery_attempts        INT         NOT NULL,
  delivery_last_error      TEXT,
  delivery_next_attempt_at TIMESTAMPTZ,
  delivery_sent_at         TIMESTAMPTZ,
  version                  BIGINT      NOT NULL
);
-- one notification per (source event, type), also when the same event is delivered twice at the same time
CREATE UNIQUE INDEX notifications_event_type_key ON notification.notifications (event_id, type);
-- the inbox: a recipient's notifications, newest first
CREATE INDEX notifications_inbox_idx ON notification.notifications (recipient_id, created_at DESC, id DESC);
-- the sender's queue: only the due PENDING rows are ever scanned
CREATE INDEX notifications_due_idx ON notification.notifications (delivery_next_attempt_at)
  WHERE delivery_status = 'PENDING';
