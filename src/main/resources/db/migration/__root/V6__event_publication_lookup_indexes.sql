-- The registry claims, completes and fails publications by id (RegistryTables) and never looks one up by its
-- serialized event, which is what Spring Modulith's hash indexes are for; in the archive completion mode, which
-- application.yml sets, event_publication never holds a completion date either. Each of these indexes cost every
-- publication an entry at its insert and another at its claim (and one more in the archive), and vacuum work after
-- its delete. The completion date stays indexed where there is one: the archive's purge, and completed rows in the
-- update completion mode.
-- A listener that is not a module listener (a plain @TransactionalEventListener; the application has none) is
-- completed by Spring Modulith itself, by id from its in-memory bookkeeping, and by serialized event only when that has
-- lost it: then event_publication, which holds only the backlog, is read instead of an index.
DROP INDEX event_publication_serialized_event_hash_idx;
DROP INDEX event_publication_archive_serialized_event_hash_idx;
DROP INDEX event_publication_by_completion_date_idx;
CREATE INDEX event_publication_by_completion_date_idx ON event_publication (completion_date)
  WHERE completion_date IS NOT NULL;
