-- A reservation answered after a cancellation needs nothing from the order (the cancellation's ReleaseStock releases
-- it, or made it fail if it arrived first), so the order no longer remembers having released a late reservation.
ALTER TABLE ordering.orders DROP COLUMN late_reservation_released;
-- one prefix for the stock release's two columns, mapped as one value (StockRelease)
ALTER TABLE ordering.orders RENAME COLUMN stock_released_at TO stock_release_confirmed_at;
-- Idempotency keys live next to the orders, not in them (IdempotencyKeys): one row per customer and key, also under
-- concurrent retries.
CREATE TABLE ordering.idempotency_keys
(
  customer_id         UUID NOT NULL,
  idempotency_key     TEXT NOT NULL,
  request_fingerprint TEXT NOT NULL,
  order_id            UUID NOT NULL REFERENCES ordering.orders (id),
  PRIMARY KEY (customer_id, idempotency_key)
);
INSERT INTO ordering.idempotency_keys (customer_id, idempotency_key, request_fingerprint, order_id)
SELECT customer_id, idempotency_key, COALESCE(request_fingerprint, ''), id FROM ordering.orders
WHERE idempotency_key IS NOT NULL;
ALTER TABLE ordering.orders DROP COLUMN idempotency_key, DROP COLUMN request_fingerprint;
