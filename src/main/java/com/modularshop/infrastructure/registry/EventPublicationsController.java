package com.modularshop.infrastructure.registry;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operating the event publication registry: find publications by status, message type and age, read one with its
 * payload and last error, resubmit one or a filtered batch, abandon one. Statuses are the registry's own
 * ({@link PublicationStatus}: {@code PUBLISHED}, {@code PROCESSING}, {@code FAILED}, {@code RESUBMITTED},
 * {@code COMPLETED} for the archive) and the dead letters' reasons ({@link DeadLetterReason}).
 */
@RestController
@RequestMapping("/api/admin/event-publications")
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "operations")
@SecurityRequirement(name = "bearer", scopes = "ADMIN")
class EventPublicationsController {

	private static final String STATUS = """
			`PUBLISHED`, `PROCESSING`, `FAILED`, `RESUBMITTED` (default: all incomplete ones), `COMPLETED` (the \
			archive), `EXHAUSTED`, `ABANDONED` or `UNREADABLE` (dead letters).""";
	private static final String TYPE = "A message's simple or full class name.";
	private static final String OLDER_THAN = "An ISO-8601 duration such as `PT10M`.";

	record Publication(UUID id, String eventType, String listenerId, String status, Instant publicationDate,
			@Nullable Integer completionAttempts, @Nullable Instant lastResubmissionDate) {}

	record PublicationDetails(Publication publication, String serializedEvent, @Nullable Integer failures,
			@Nullable String lastError, @Nullable Instant lastFailedAt) {}

	private final PublicationQueries queries;
	private final RegistryTables tables;
	private final TransactionTemplate transactions;
	private final PublicationDispatcher dispatcher;
	private final Clock clock;

	EventPublicationsController(PublicationQueries queries, RegistryTables tables, TransactionTemplate transactions,
			PublicationDispatcher dispatcher, Clock clock) {
		this.queries = queries;
		this.tables = tables;
		this.transactions = transactions;
		this.dispatcher = dispatcher;
		this.clock = clock;
	}

	/** @param resubmitted how many publications are due for delivery now */
	record Resubmitted(int resubmitted) {}

	@GetMapping
	@Operation(operationId = "listEventPublications", summary = "List event publications",
			description = "Publications oldest first, filtered by status, message type and age.")
	@ApiResponse(responseCode = "200", description = "One page of publications.")
	@ApiResponse(responseCode = "400", description = "An unknown status or a page outside the limits "
			+ "(`invalid-publication-filter`).")
	PagedModel<Publication> list(@Parameter(description = STATUS) @RequestParam(required = false) @Nullable String status,
			@Parameter(description = TYPE) @RequestParam(required = false) @Nullable String type,
			@Parameter(description = OLDER_THAN) @RequestParam(required = false) @Nullable Duration olderThan,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {

		if (page < 0 || size < 1 || size > 100) {
			throw new IllegalArgumentException("page must be >= 0 and size between 1 and 100");
		}

		var filter = queries.filter(status, type, olderThan);

		return new PagedModel<>(new PageImpl<>(queries.page(filter, page, size), PageRequest.of(page, size),
				queries.count(filter)));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "showEventPublication", summary = "Show one event publication",
			description = "The publication with its serialized message, listener, attempts, and the last error and "
					+ "failure count recorded for that listener and message.")
	@ApiResponse(responseCode = "200", description = "The publication.")
	@ApiResponse(responseCode = "404", description = "No publication with this id (`publication-not-found`).")
	PublicationDetails show(@PathVariable UUID id) {
		return queries.details(id).orElseThrow(() -> new PublicationNotFound("No publication " + id));
	}

	@PostMapping("/{id}/resubmit")
	@Operation(operationId = "resubmitEventPublication", summary = "Resubmit one event publication",
			description = "Delivers a failed publication or a dead letter again now, with a fresh budget of attempts. "
					+ "Waiting and in-flight publications are left alone: they are being delivered.")
	@ApiResponse(responseCode = "202", description = "Due for delivery now.")
	@ApiResponse(responseCode = "404", description = "No publication with this id that could be resubmitted "
			+ "(`publication-not-found`).")
	ResponseEntity<Resubmitted> resubmit(@PathVariable UUID id) {

		var count = makeDue(PublicationQueries.byId(id));

		if (count == 0) {
			throw PublicationNotFound.incomplete(id);
		}

		return ResponseEntity.accepted().body(new Resubmitted(count));
	}

	@PostMapping("/resubmit")
	@Operation(operationId = "resubmitEventPublications", summary = "Resubmit event publications",
			description = "The same as resubmitting one, for every publication matching the filter (see listing).")
	@ApiResponse(responseCode = "202", description = "Due for delivery now.")
	@ApiResponse(responseCode = "400", description = "An unknown status (`invalid-publication-filter`).")
	ResponseEntity<Resubmitted> resubmitAll(
			@Parameter(description = STATUS) @RequestParam(required = false) @Nullable String status,
			@Parameter(description = TYPE) @RequestParam(required = false) @Nullable String type,
			@Parameter(description = OLDER_THAN) @RequestParam(required = false) @Nullable Duration olderThan) {
		return ResponseEntity.accepted().body(new Resubmitted(makeDue(queries.filter(status, type, olderThan))));
	}

	@PostMapping("/{id}/abandon")
	@Operation(operationId = "abandonEventPublication", summary = "Abandon an event publication",
			description = "Moves an incomplete publication to the dead letters (`ABANDONED`); it is never delivered "
					+ "again unless resubmitted.")
	@ApiResponse(responseCode = "204", description = "Abandoned.")
	@ApiResponse(responseCode = "404", description = "No incomplete publication with this id "
			+ "(`publication-not-found`).")
	ResponseEntity<Void> abandon(@PathVariable UUID id) {

		if (!tables.bury(id, DeadLetterReason.ABANDONED, clock.instant())) {
			throw PublicationNotFound.incomplete(id);
		}

		return ResponseEntity.noContent().build();
	}

	/** Committed before the dispatcher is woken to deliver what became due. */
	private int makeDue(PublicationQueries.Filter filter) {

		var count = transactions.execute(status -> queries.makeDue(filter));
		dispatcher.wakeForRetries();

		return count;
	}

	@ExceptionHandler
	ProblemDetail notFound(PublicationNotFound exception) {
		return problem(HttpStatus.NOT_FOUND, "publication-not-found", exception);
	}

	@ExceptionHandler
	ProblemDetail badFilter(IllegalArgumentException exception) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-publication-filter", exception);
	}

	private static ProblemDetail problem(HttpStatus status, String type, Exception exception) {

		var problem = ProblemDetail.forStatusAndDetail(status, exception.getMessage());
		problem.setType(URI.create("https://modular-shop.example/problems/" + type));

		return problem;
	}

	static class PublicationNotFound extends RuntimeException {

		private static final long serialVersionUID = 1L;

		PublicationNotFound(String message) {
			super(message);
		}

		static PublicationNotFound incomplete(UUID id) {
			return new PublicationNotFound("No publication %s that could be resubmitted or abandoned".formatted(id));
		}
	}
}
