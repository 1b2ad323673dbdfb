CREATE TABLE ordering.orders
(
  id                        UUID PRIMARY KEY,
  customer_id               UUID        NOT NULL,
  status                    TEXT        NOT NULL,
  total_amount              NUMERIC     NOT NULL,
  total_currency            TEXT        NOT NULL,
  placed_at                 TIMESTAMPTZ NOT NULL,
  rejection_reason          TEXT,
  late_reservation_released BOOLEAN     NOT NULL,
  idempotency_key           TEXT,
  request_fingerprint       TEXT,
  version                   BIGINT      NOT NULL
);
-- one order per customer and idempotency key, also under concurrent retries
CREATE UNIQUE INDEX orders_idempotency_key ON ordering.orders (customer_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX orders_by_customer_idx ON ordering.orders (customer_id, placed_at DESC);

CREATE TABLE ordering.order_lines
(
  order_id            UUID    NOT NULL REFERENCES ordering.orders (id),
  line_index          INT     NOT NULL,
  sku                 TEXT    NOT NULL,
  name                TEXT    NOT NULL,
  quantity            INT     NOT NULL,
  unit_price_amount   NUMERIC NOT NULL,
  unit_price_currency TEXT    NOT NULL,
  PRIMARY KEY (order_id, line_index)
);

-- the local copy of the catalog, fed by catalog events; name and price stay empty while only a delisting is known
CREATE TABLE ordering.products
(
  sku        TEXT PRIMARY KEY,
  name       TEXT,
  price      NUMERIC,
  currency   TEXT,
  listed     BOOLEAN NOT NULL,
  changed_at TIMESTAMPTZ
);

-- the local copy of customers, fed by user events
CREATE TABLE ordering.customers
(
  id     UUID PRIMARY KEY,
  active BOOLEAN NOT NULL
);
