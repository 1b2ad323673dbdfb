-- What the notification module knows about each order it has emailed about: a confirmation whose delivery was retried
-- past the cancellation must not be the customer's last word. Both order listeners upsert the row first, so they take
-- its lock and run one after the other for the same order.
CREATE TABLE notification.orders
(
  order_id  UUID PRIMARY KEY,
  cancelled BOOLEAN NOT NULL
);
