-- The trace context of the code that published a message (its propagation headers, "traceparent: 00-..." lines),
-- stored with each of its publications while tracing is on, so that the listener's span continues the trace after any
-- wait, retry, dead letter or resubmission. NULL while tracing is off. Not part of Spring Modulith's schema: its
-- repository reads and writes named columns only. It travels with the row into the dead letters and the archive.
ALTER TABLE event_publication ADD COLUMN trace_context TEXT;
ALTER TABLE event_publication_archive ADD COLUMN trace_context TEXT;
ALTER TABLE event_publication_dead_letter ADD COLUMN trace_context TEXT;
