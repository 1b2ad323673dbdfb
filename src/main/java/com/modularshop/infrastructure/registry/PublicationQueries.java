package com.modularshop.infrastructure.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.modularshop.infrastructure.registry.EventPublicationsController.Publication;
import com.modularshop.infrastructure.registry.EventPublicationsController.PublicationDetails;

/**
 * What operators see of the registry: incomplete publications, dead letters and the archive as one list, filtered by
 * status, message type and age; and making failed ones and dead letters due again.
 */
class PublicationQueries {

	private static final String ALL = """
			SELECT id, event_type, listener_id, status, publication_date, completion_attempts,
			       last_resubmission_date, serialized_event FROM event_publication
			UNION ALL
			SELECT id, event_type, listener_id, reason, publication_date, completion_attempts,
			       last_resubmission_date, serialized_event FROM event_publication_dead_letter
			UNION ALL
			SELECT id, event_type, listener_id, 'COMPLETED', publication_date, completion_attempts,
			       last_resubmission_date, serialized_event FROM event_publication_archive
			""";

	private final JdbcClient jdbc;
	private final Clock clock;

	PublicationQueries(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** A filter over the list; {@code status} null means every incomplete status. */
	Filter filter(@Nullable String status, @Nullable String type, @Nullable Duration olderThan) {

		var where = new StringBuilder("TRUE");
		var parameters = new HashMap<String, Object>();

		if (status == null) {
			where.append(" AND p.status IN ('PUBLISHED', 'PROCESSING', 'FAILED', 'RESUBMITTED')");
		} else {
			var normalised = status.toUpperCase(Locale.ROOT);
			if (Stream.concat(Stream.of(PublicationStatus.values()), Stream.of(DeadLetterReason.values()))
					.map(Enum::name).noneMatch(normalised::equals)) {
				throw new IllegalArgumentException("Unknown status " + status);
			}
			where.append(" AND p.status = :status");
			parameters.put("status", normalised);
		}

		if (type != null) {
			// the simple name is enough: "OrderPlaced" matches com.modularshop.order.events.OrderPlaced
			where.append(" AND (p.event_type = :type OR p.event_type LIKE :suffix)");
			parameters.put("type", type);
			parameters.put("suffix", "%." + type);
		}

		if (olderThan != null) {
			where.append(" AND p.publication_date < :before");
			parameters.put("before", Timestamp.from(clock.instant().minus(olderThan)));
		}

		return new Filter(where.toString(), parameters);
	}

	static Filter byId(UUID id) {
		return new Filter("id = :id", Map.of("id", id));
	}

	long count(Filter filter) {
		return jdbc.sql("SELECT count(*) FROM (" + ALL + ") p WHERE " + filter.where()).params(filter.parameters())
				.query(Long.class).single();
	}

	List<Publication> page(Filter filter, int page, int size) {
		return jdbc.sql("SELECT * FROM (" + ALL + ") p WHERE " + filter.where()
				+ " ORDER BY publication_date LIMIT :limit OFFSET :offset").params(filter.parameters())
				.param("limit", size).param("offset", (long) page * size)
				.query((rs, row) -> publication(rs)).list();
	}

	Optional<PublicationDetails> details(UUID id) {

		return jdbc.sql("""
				SELECT p.*, f.failures, f.last_error, f.last_failed_at FROM (%s) p
				LEFT JOIN event_publication_failure f ON f.listener_id = p.listener_id
				  AND f.event_id::text = (p.serialized_event::jsonb ->> 'eventId')
				WHERE p.id = :id
				""".formatted(ALL))
				.param("id", id)
				.query((rs, row) -> new PublicationDetails(publication(rs), rs.getString("serialized_event"),
						(Integer) rs.getObject("failures"), rs.getString("last_error"),
						instant(rs.getObject("last_failed_at", OffsetDateTime.class))))
				.optional();
	}

	/**
	 * Failed publications and dead letters that match become due now with a fresh budget of attempts. Waiting and
	 * in-flight publications are left alone: they are being delivered already, and a lost attempt is found by the
	 * supervisor once stale. To be called in a transaction.
	 */
	int makeDue(Filter filter) {
		// disjoint: the first touches only incomplete publications, the second only dead letters
		return markDue(filter.where(), filter.parameters()) + reviveDeadLetters(filter.where(), filter.parameters());
	}

	/** Dead letters go back to the registry as failed, with a fresh budget of attempts. */
	private int reviveDeadLetters(String where, Map<String, ?> parameters) {

		var sql = """
				WITH revived AS (
				  DELETE FROM event_publication_dead_letter WHERE id IN (
				    SELECT id FROM (%s) p WHERE p.status IN ('EXHAUSTED', 'ABANDONED', 'UNREADABLE') AND %s)
				  RETURNING *)
				INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date,
				  status, completion_attempts, last_resubmission_date, trace_context)
				SELECT id, listener_id, event_type, serialized_event, publication_date, 'FAILED', 0, NULL, trace_context
				FROM revived
				""".formatted(ALL, where);

		return jdbc.sql(sql).params(parameters).update();
	}

	private int markDue(String where, Map<String, ?> parameters) {

		var sql = """
				UPDATE event_publication SET status = 'FAILED', last_resubmission_date = NULL, completion_attempts = 0
				WHERE id IN (SELECT id FROM (%s) p WHERE p.status = 'FAILED' AND %s)
				""".formatted(ALL, where);

		return jdbc.sql(sql).params(parameters).update();
	}

	record Filter(String where, Map<String, Object> parameters) {}

	private static Publication publication(ResultSet rs) throws SQLException {

		return new Publication(rs.getObject("id", UUID.class), rs.getString("event_type"),
				rs.getString("listener_id"), rs.getString("status"),
				instant(rs.getObject("publication_date", OffsetDateTime.class)),
				(Integer) rs.getObject("completion_attempts"),
				instant(rs.getObject("last_resubmission_date", OffsetDateTime.class)));
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
		return value == null ? null : value.toInstant();
	}

}
