-- The catalog module owns this schema alone: no other module reads it, no foreign key leaves it.
CREATE SCHEMA IF NOT EXISTS catalog;
