CREATE TABLE catalog.products
(
  sku            TEXT PRIMARY KEY,
  name           TEXT        NOT NULL,
  description    TEXT        NOT NULL,
  category       TEXT,
  price_amount   NUMERIC     NOT NULL,
  price_currency TEXT        NOT NULL,
  on_hand        INT         NOT NULL,
  reserved       INT         NOT NULL,
  listed         BOOLEAN     NOT NULL,
  listed_at      TIMESTAMPTZ NOT NULL,
  version        BIGINT      NOT NULL,
  -- the last line of defence against overselling
  CONSTRAINT products_stock_check CHECK (reserved >= 0 AND on_hand >= reserved)
);
CREATE INDEX products_listed_by_name_idx ON catalog.products (lower(name), sku) WHERE listed;

-- one row per order id: what is held for it and how its reservation request was answered
CREATE TABLE catalog.reservations
(
  id             UUID PRIMARY KEY,
  outcome        TEXT,
  failure_reason TEXT,
  released       BOOLEAN NOT NULL,
  version        BIGINT  NOT NULL
);

CREATE TABLE catalog.reservation_lines
(
  order_id   UUID NOT NULL REFERENCES catalog.reservations (id),
  line_index INT  NOT NULL,
  sku        TEXT NOT NULL,
  quantity   INT  NOT NULL,
  PRIMARY KEY (order_id, line_index)
);
