package com.modularshop.infrastructure.registry;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.modularshop.infrastructure.registry.RegistryTables.DeadLetterReason;
import com.modularshop.infrastructure.registry.RegistryTables.Status;

/**
 * Operating the event publication registry: find publications by status, message type and age, read one with its
 * payload and last error, resubmit one or a filtered batch, abandon one. Statuses are the registry's own
 * ({@link RegistryTables.Status}: {@code PUBLISHED}, {@code PROCESSING}, {@code FAILED}, {@code RESUBMITTED},
 * {@code COMPLETED} for the archive) and the dead letters' reasons ({@link RegistryTables.DeadLetterReason}).
 */
@RestController
@RequestMapping("/api/admin/event-publications")
@PreAuthorize("hasRole('ADMIN')")
class EventPublicationsController {

	record Publication(UUID id, String eventType, String listenerId, String status, Instant publicationDate,
			@Nullable Integer completionAttempts, @Nullable Instant lastResubmissionDate) {}

	record PublicationDetails(Publication publication, String serializedEvent, @Nullable Integer failures,
			@Nullable String lastError, @Nullable Instant lastFailedAt) {}

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
	private final RegistryTables tables;
	private final TransactionTemplate transactions;
	private final PublicationDispatcher dispatcher;
	private final Clock clock;

	EventPublicationsController(JdbcClient jdbc, RegistryTables tables, TransactionTemplate transactions,
			PublicationDispatcher dispatcher, Clock clock) {
		this.jdbc = jdbc;
		this.tables = tables;
		this.transactions = transactions;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	@GetMapping
	PagedModel<Publication> list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String type,
			@RequestParam(required = false) @Nullable Duration olderThan,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {

		if (page < 0 || size < 1 || size > 100) {
			throw new IllegalArgumentException("page must be >= 0 and size between 1 and 100");
		}

		var filter = filter(status, type, olderThan);
		var total = filter.bind(jdbc.sql("SELECT count(*) FROM (" + ALL + ") p WHERE " + filter.where()))
				.query(Long.class).single();
		var content = filter.bind(jdbc.sql("SELECT * FROM (" + ALL + ") p WHERE " + filter.where()
				+ " ORDER BY publication_date LIMIT :limit OFFSET :offset"))
				.param("limit", size).param("offset", (long) page * size)
				.query((rs, row) -> publication(rs)).list();

		return new PagedModel<>(new PageImpl<>(content, PageRequest.of(page, size), total));
	}

	@GetMapping("/{id}")
	ResponseEntity<PublicationDetails> show(@PathVariable UUID id) {

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
				.optional()
				.map(ResponseEntity::ok)
				.orElseGet(() -> ResponseEntity.notFound().build());
	}

	@PostMapping("/{id}/resubmit")
	ResponseEntity<Map<String, Object>> resubmit(@PathVariable UUID id) {

		var count = makeDue("id = :id", Map.of("id", id));

		if (count == 0) {
			throw new NoSuchIncompletePublication(id);
		}

		return ResponseEntity.accepted().body(Map.of("resubmitted", count));
	}

	@PostMapping("/resubmit")
	ResponseEntity<Map<String, Object>> resubmitAll(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String type,
			@RequestParam(required = false) @Nullable Duration olderThan) {

		var filter = filter(status, type, olderThan);

		return ResponseEntity.accepted().body(Map.of("resubmitted", makeDue(filter.where(), filter.parameters())));
	}

	@PostMapping("/{id}/abandon")
	ResponseEntity<Void> abandon(@PathVariable UUID id) {

		if (!tables.bury(id, DeadLetterReason.ABANDONED, clock.instant())) {
			throw new NoSuchIncompletePublication(id);
		}

		return ResponseEntity.noContent().build();
	}

	/**
	 * Failed publications and dead letters become due now with a fresh budget of attempts, committed before the
	 * dispatcher is woken to deliver them. Waiting and in-flight publications are left alone: they are being delivered
	 * already, and a lost attempt is found by the supervisor once stale.
	 */
	private int makeDue(String where, Map<String, ?> parameters) {

		// disjoint: the first touches only incomplete publications, the second only dead letters
		var count = transactions.execute(status -> markDue(where, parameters) + reviveDeadLetters(where, parameters));
		dispatcher.wakeForRetries();

		return count;
	}

	@ExceptionHandler
	ProblemDetail notFound(NoSuchIncompletePublication exception) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, exception.getMessage());
	}

	@ExceptionHandler
	ProblemDetail badFilter(IllegalArgumentException exception) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, exception.getMessage());
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

	private record Filter(String where, Map<String, Object> parameters) {

		JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
			return statement.params(parameters);
		}
	}

	private Filter filter(@Nullable String status, @Nullable String type, @Nullable Duration olderThan) {

		var where = new StringBuilder("TRUE");
		var parameters = new HashMap<String, Object>();

		if (status == null) {
			where.append(" AND p.status IN ('PUBLISHED', 'PROCESSING', 'FAILED', 'RESUBMITTED')");
		} else {
			var normalised = status.toUpperCase(Locale.ROOT);
			if (Stream.concat(Stream.of(Status.values()), Stream.of(DeadLetterReason.values())).map(Enum::name)
					.noneMatch(normalised::equals)) {
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

	private static Publication publication(java.sql.ResultSet rs) throws java.sql.SQLException {

		return new Publication(rs.getObject("id", UUID.class), rs.getString("event_type"),
				rs.getString("listener_id"), rs.getString("status"),
				instant(rs.getObject("publication_date", OffsetDateTime.class)),
				(Integer) rs.getObject("completion_attempts"),
				instant(rs.getObject("last_resubmission_date", OffsetDateTime.class)));
	}

	private static @Nullable Instant instant(@Nullable OffsetDateTime value) {
		return value == null ? null : value.toInstant();
	}

	static class NoSuchIncompletePublication extends RuntimeException {

		private static final long serialVersionUID = 1L;

		NoSuchIncompletePublication(UUID id) {
			super("No publication %s that could be resubmitted or abandoned".formatted(id));
		}
	}
}
