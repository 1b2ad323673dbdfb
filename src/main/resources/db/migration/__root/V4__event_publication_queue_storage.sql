-- event_publication is a queue: rows come and go by the thousand each second. The dispatcher vacuums it itself
-- (RegistryVacuum); autovacuum, when it comes, should not throttle itself on it, nor truncate it, which takes a lock
-- every claim waits for, only to give back pages that the next publications fill again.
ALTER TABLE event_publication SET (vacuum_truncate = false, autovacuum_vacuum_cost_delay = 0);
