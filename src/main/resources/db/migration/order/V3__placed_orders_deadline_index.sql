-- the deadline check looks only at orders still PLACED, oldest first
CREATE INDEX orders_placed_deadline_idx ON ordering.orders (placed_at) WHERE status = 'PLACED';
