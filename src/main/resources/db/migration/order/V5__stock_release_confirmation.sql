-- When the catalog was last asked to release an order's stock (ReleaseStock) and when it confirmed (StockReleased): an
-- order asked and not confirmed may still hold stock, e.g. after its ReleaseStock ended as a dead letter. Orders from
-- before this column may have been released or not; they count as asked and unconfirmed, and a repeated release is
-- harmless (the catalog releases once per order).
ALTER TABLE ordering.orders
  ADD COLUMN stock_release_requested_at TIMESTAMPTZ,
  ADD COLUMN stock_released_at          TIMESTAMPTZ;
UPDATE ordering.orders SET stock_release_requested_at = placed_at
WHERE status = 'CANCELLED' OR (status = 'REJECTED' AND rejection_reason = 'TIMEOUT');
-- the administrator's list of unconfirmed releases, oldest first
CREATE INDEX orders_unconfirmed_release_idx ON ordering.orders (stock_release_requested_at)
  WHERE stock_released_at IS NULL AND stock_release_requested_at IS NOT NULL;
