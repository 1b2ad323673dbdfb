package com.modularshop.infrastructure.registry;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.support.CompletionMode;

/**
 * The one place that knows the registry's table layout: Spring Modulith's {@code event_publication} (schema v2) and
 * {@code event_publication_archive}, and our {@code event_publication_dead_letter} and
 * {@code event_publication_failure}. Everything else in this package goes through here.
 *
 * <p>One column is ours in all three of the registry's tables: {@code trace_context}, the trace context of the code
 * that published (null while tracing is off), which moves with the row into the dead letters and the archive.
 *
 * <p>One reinterpretation of the upstream layout: {@code last_resubmission_date} is the start of the publication's
 * latest delivery attempt, set when the dispatcher claims it. Staleness and backoff count from there, and the claim's
 * timestamp doubles as a token: only the attempt that holds it may complete or fail the publication.
 */
class RegistryTables {

	/**
	 * A publication claimed for one delivery attempt, with the trace context stored with it (null while tracing is off).
	 */
	record Claimed(UUID id, String listenerId, String eventType, String serializedEvent, Instant attemptStarted,
			boolean firstAttempt, @Nullable String traceContext) {}

	/** When failed publications are due again: {@code initial * multiplier^(attempts - 1)}, capped. */
	record Backoff(Duration initial, double multiplier, Duration max, int maxAttempts) {}

	private static final String COLUMNS = """
			id, listener_id, event_type, serialized_event, publication_date, completion_attempts, last_resubmission_date,
			trace_context""";

	private final JdbcClient jdbc;
	private final CompletionMode completionMode;

	RegistryTables(JdbcClient jdbc, CompletionMode completionMode) {
		this.jdbc = jdbc;
		this.completionMode = completionMode;
	}

	/**
	 * Claims the oldest publications waiting for the given listeners, skipping rows another dispatcher holds.
	 * With a backoff, failed publications that are due are claimed too; their attempt count goes up.
	 */
	List<Claimed> claim(Collection<String> listeners, int limit, Instant now, @Nullable Backoff backoff) {

		if (listeners.isEmpty()) {
			return List.of();
		}

		var due = backoff == null ? "p.status = 'PUBLISHED'" : """
				(p.status = 'PUBLISHED' OR (p.status = 'FAILED' AND p.completion_attempts < :max
				  AND COALESCE(p.last_resubmission_date, p.publication_date) + make_interval(secs =>
				      LEAST(:initial * power(:multiplier, p.completion_attempts - 1), :cap)) <= :now))""";

		// MATERIALIZED: the locking subquery runs once. Joined as a subquery, a nested-loop plan ran it again for every
		// row of the table, each run skipping the rows the statement had already updated, and claimed the whole table.
		// The listeners and the limit (at most twice the listener threads) are written into the statement. As parameters,
		// they made PostgreSQL's generic plan look costlier than one made for their values, so it planned the claim anew
		// at every execution, which took longer than running it. Without retries only :now is left, which does not
		// change the plan, so a connection can keep one; under load many claims are still planned, because a vacuum's
		// new statistics can make the rebuilt generic plan look dearer than the custom plans made before it.
		var statement = jdbc.sql("""
				WITH due AS MATERIALIZED (SELECT id, status FROM event_publication p
				  WHERE %s AND p.%s
				  ORDER BY p.publication_date LIMIT %d FOR UPDATE SKIP LOCKED)
				UPDATE event_publication p
				SET status = 'PROCESSING', last_resubmission_date = :now,
				    completion_attempts = p.completion_attempts + CASE WHEN p.status = 'PUBLISHED' THEN 0 ELSE 1 END
				FROM due
				WHERE p.id = due.id
				RETURNING p.id, p.listener_id, p.event_type, p.serialized_event, due.status = 'PUBLISHED', p.trace_context
				""".formatted(due, listenerIn(listeners), limit))
				.param("now", Timestamp.from(now));

		if (backoff != null) {
			statement = statement.param("max", backoff.maxAttempts())
					.param("initial", seconds(backoff.initial()))
					.param("multiplier", backoff.multiplier())
					.param("cap", seconds(backoff.max()));
		}

		return statement.query((rs, row) -> new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
				rs.getString(4), now, rs.getBoolean(5), rs.getString(6))).list();
	}

	/**
	 * Completes a claimed publication, as configured by {@code spring.modulith.events.completion-mode}.
	 *
	 * @return false if the claim is no longer this attempt's (it went stale and was claimed again)
	 */
	boolean complete(Claimed claimed, Instant now) {

		var sql = switch (completionMode) {
			case ARCHIVE -> """
					WITH completed AS (DELETE FROM event_publication WHERE id = :id AND last_resubmission_date = :claim
					  RETURNING *)
					INSERT INTO event_publication_archive (id, listener_id, event_type, serialized_event,
					  publication_date, completion_date, status, completion_attempts, last_resubmission_date, trace_context)
					SELECT id, listener_id, event_type, serialized_event, publication_date, :now, 'COMPLETED',
					  completion_attempts, last_resubmission_date, trace_context FROM completed""";
			case DELETE -> "DELETE FROM event_publication WHERE id = :id AND last_resubmission_date = :claim";
			case UPDATE -> """
					UPDATE event_publication SET status = 'COMPLETED', completion_date = :now
					WHERE id = :id AND last_resubmission_date = :claim""";
		};

		return jdbc.sql(sql).param("id", claimed.id()).param("claim", Timestamp.from(claimed.attemptStarted()))
				.param("now", Timestamp.from(now)).update() == 1;
	}

	/** Marks this attempt failed; nothing happens if the claim went stale and someone else holds it now. */
	void fail(Claimed claimed) {
		jdbc.sql("UPDATE event_publication SET status = 'FAILED' WHERE id = :id AND last_resubmission_date = :claim")
				.param("id", claimed.id()).param("claim", Timestamp.from(claimed.attemptStarted())).update();
	}

	/** Gives a claimed publication back unstarted: waiting again, or failed with the attempt not counted. */
	void release(Claimed claimed) {
		jdbc.sql(claimed.firstAttempt()
				? "UPDATE event_publication SET status = 'PUBLISHED', last_resubmission_date = NULL WHERE id = :id AND "
						+ "last_resubmission_date = :claim"
				: "UPDATE event_publication SET status = 'FAILED', completion_attempts = completion_attempts - 1 "
						+ "WHERE id = :id AND last_resubmission_date = :claim")
				.param("id", claimed.id()).param("claim", Timestamp.from(claimed.attemptStarted())).update();
	}

	/** The last error of a failed delivery, by message id, which the registry itself does not keep. */
	void recordFailure(String listenerId, UUID eventId, String error, Instant now) {
		jdbc.sql("""
				INSERT INTO event_publication_failure AS f (listener_id, event_id, failures, last_error, last_failed_at)
				VALUES (:listener, :event, 1, :error, :now)
				ON CONFLICT (listener_id, event_id) DO UPDATE
				  SET failures = f.failures + 1, last_error = :error, last_failed_at = :now""")
				.param("listener", listenerId).param("event", eventId).param("error", error)
				.param("now", Timestamp.from(now)).update();
	}

	/**
	 * Attempts that started longer than {@code staleAfter} ago and never finished were lost (the process died, or
	 * Spring Modulith's own resubmission handed them to nobody): they fail, and are retried like any failure.
	 */
	int markStaleFailed(Duration staleAfter, Instant now) {
		return jdbc.sql("""
				UPDATE event_publication SET status = 'FAILED'
				WHERE status IN ('PROCESSING', 'RESUBMITTED')
				  AND COALESCE(last_resubmission_date, publication_date) < :before""")
				.param("before", Timestamp.from(now.minus(staleAfter))).update();
	}

	/** Moves failed publications that used up their attempts to the dead letters; returns their message types. */
	List<String> buryExhausted(int maxAttempts, Instant now) {
		return moveToDeadLetters("status = 'FAILED' AND completion_attempts >= :max", DeadLetterReason.EXHAUSTED, now,
				statement -> statement.param("max", maxAttempts));
	}

	/** Moves one publication to the dead letters, whatever its status; returns whether it was there. */
	boolean bury(UUID id, DeadLetterReason reason, Instant now) {
		return !moveToDeadLetters("id = :id", reason, now, statement -> statement.param("id", id)).isEmpty();
	}

	private List<String> moveToDeadLetters(String where, DeadLetterReason reason, Instant now,
			UnaryOperator<JdbcClient.StatementSpec> parameters) {

		return parameters.apply(jdbc.sql("""
				WITH dead AS (DELETE FROM event_publication WHERE %s RETURNING *)
				INSERT INTO event_publication_dead_letter (%s, reason, dead_since)
				SELECT %s, :reason, :now FROM dead
				RETURNING event_type""".formatted(where, COLUMNS, COLUMNS)))
				.param("reason", reason.name()).param("now", Timestamp.from(now))
				.query(String.class).list();
	}

	/** Stores the trace context of the code that published with its publications (only while tracing is on). */
	void storeTraceContext(Collection<UUID> publications, String traceContext) {
		jdbc.sql("UPDATE event_publication SET trace_context = :context WHERE id = ANY (:ids)")
				.param("context", traceContext).param("ids", publications.toArray(UUID[]::new)).update();
	}

	/** Publications of the given listeners waiting for their first delivery: what ingest is measured against. */
	long waiting(Collection<String> listeners) {
		return listeners.isEmpty() ? 0
				: jdbc.sql("SELECT count(*) FROM event_publication WHERE status = 'PUBLISHED' AND " + listenerIn(listeners))
						.query(Long.class).single();
	}

	/**
	 * Removes the dead row versions of {@code event_publication} ({@link RegistryVacuum}). Skipped while another vacuum
	 * holds the table; never truncates it, because that needs a lock every claim would wait for, to give back pages the
	 * next publications fill again. Without ownership of the table PostgreSQL only warns, and autovacuum remains.
	 */
	void vacuum() {
		jdbc.sql("VACUUM (SKIP_LOCKED, TRUNCATE false) event_publication").update();
	}

	/** Incomplete publications whose listener id starts with the given prefix. */
	long incomplete(String listenerPrefix) {
		return jdbc.sql("SELECT count(*) FROM event_publication WHERE status <> 'COMPLETED' AND starts_with(listener_id, "
				+ ":prefix)").param("prefix", listenerPrefix).query(Long.class).single();
	}

	/**
	 * {@code listener_id IN (...)} with the ids written out, sorted so that one set of listeners is one statement whose
	 * plan PostgreSQL can keep (see {@link #claim}). The ids are the application's own; quoted all the same.
	 */
	private static String listenerIn(Collection<String> listeners) {
		return listeners.stream().sorted().map(id -> "'" + id.replace("'", "''") + "'")
				.collect(Collectors.joining(", ", "listener_id IN (", ")"));
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}
}
