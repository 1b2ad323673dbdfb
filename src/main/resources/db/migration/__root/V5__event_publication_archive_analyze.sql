-- The archive grows by five rows an order and is read only by operators and the purger. Under full load autovacuum
-- analyzed it about once a minute (ANALYZE samples 30,000 rows with their payloads: about 0.35 s of CPU on an idle
-- machine, four times the vacuum of the rows added meanwhile), and confirmations fell by up to half for a few seconds
-- on two cores (docs/performance.md). Its statistics need not follow every 10% of growth: analyze it when it has
-- doubled, and keep none on the payload, which no query filters on.
ALTER TABLE event_publication_archive SET (autovacuum_analyze_scale_factor = 1.0);
ALTER TABLE event_publication_archive ALTER COLUMN serialized_event SET STATISTICS 0;
