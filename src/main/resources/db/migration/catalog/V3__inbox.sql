-- Messages this module took from Kafka when their sender runs in another process (shop.modules.<module>.mode):
-- one row per eventId, written in the transaction that hands the message to this module's listeners, so a
-- redelivered record changes nothing.
CREATE TABLE catalog.inbox (
    event_id     uuid PRIMARY KEY,
    message_type text        NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);
