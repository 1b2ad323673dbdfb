package com.modularshop.infrastructure.registry;

import io.micrometer.core.instrument.MeterRegistry;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes at-least-once delivery true when things go wrong: publications whose delivery was lost (process killed,
 * listener pool full) are marked failed once stale, failed ones are resubmitted with exponential backoff, and those
 * that exhausted their attempts become dead letters. Runs once the application is ready and then on a schedule; a
 * PostgreSQL advisory lock makes sure only one instance works on the registry at a time.
 */
class PublicationSupervisor {

	/** Arbitrary but fixed: the advisory lock key shared by all instances on one database. */
	static final long LOCK_KEY = 0x5EED_E7E7L;

	/** The most failed publications read for one resubmission pass. */
	private static final int MAX_READ = 10_000;

	private static final Logger LOG = LoggerFactory.getLogger(PublicationSupervisor.class);

	private final JdbcClient jdbc;
	private final TransactionTemplate transactions;
	private final FailedEventPublications failed;
	private final EventsSettings.Retry settings;
	private final MeterRegistry meters;
	private final ThreadPoolTaskExecutor listeners;
	private final Clock clock;
	private final boolean enabled;

	PublicationSupervisor(JdbcClient jdbc, TransactionTemplate transactions, FailedEventPublications failed,
			EventsSettings settings, MeterRegistry meters, ThreadPoolTaskExecutor listeners, Clock clock,
			boolean enabled) {
		this.enabled = enabled;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.failed = failed;
		this.settings = settings.retry();
		this.meters = meters;
		this.listeners = listeners;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void onReady() {

		if (!enabled) {
			LOG.info("Event publication supervision is off (shop.events.supervision.enabled=false)");
			return;
		}

		LOG.info("Checking the event publication registry for publications left over by earlier runs");
		supervise();
	}

	@Scheduled(fixedDelayString = "${shop.events.retry.interval:10s}",
			initialDelayString = "${shop.events.retry.interval:10s}")
	void onSchedule() {

		// scheduling may be on for other reasons (a module's own jobs) while supervision is switched off
		if (enabled) {
			supervise();
		}
	}

	/**
	 * @return whether this instance got the lock and did the work
	 */
	boolean supervise() {

		var now = Timestamp.from(clock.instant());

		// Two transactions, so a failing resubmission cannot roll back the bookkeeping before it.
		var tidied = transactions.execute(status -> {

			if (!locked()) {
				return null;
			}

			return new int[] { buryExhausted(now), markStaleFailed(now) };
		});

		if (tidied == null) {
			return false;
		}

		var resubmitted = transactions.execute(status -> locked() ? resubmitDue(now) : 0);

		if (tidied[0] + tidied[1] + resubmitted > 0) {
			LOG.info("Event publications: {} resubmitted, {} stale marked failed, {} moved to dead letters",
					resubmitted, tidied[1], tidied[0]);
		}

		return true;
	}

	/** Held until the surrounding transaction ends; another instance holding it means it is doing the work. */
	private boolean locked() {
		return jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)").param("key", LOCK_KEY).query(Boolean.class).single();
	}

	private int buryExhausted(Timestamp now) {

		var moved = jdbc.sql("""
				WITH exhausted AS (
				  DELETE FROM event_publication
				  WHERE status = 'FAILED' AND completion_attempts >= :max
				  RETURNING *)
				INSERT INTO event_publication_dead_letter (id, listener_id, event_type, serialized_event,
				  publication_date, completion_attempts, last_resubmission_date, reason, dead_since)
				SELECT id, listener_id, event_type, serialized_event, publication_date, completion_attempts,
				  last_resubmission_date, 'EXHAUSTED', :now
				FROM exhausted
				RETURNING event_type, listener_id
				""")
				.param("max", settings.maxAttempts())
				.param("now", now)
				.query((rs, row) -> {
					LOG.error("Event publication of {} to {} failed {} times and is now a dead letter",
							rs.getString(1), rs.getString(2), settings.maxAttempts());
					return rs.getString(1);
				})
				.list();

		moved.forEach(type -> meters.counter("shop.events.dead.letters", "event", simpleName(type)).increment());

		return moved.size();
	}

	/** A publication nobody completed within the stale period after its last attempt was lost: retry it. */
	private int markStaleFailed(Timestamp now) {

		return jdbc.sql("""
				UPDATE event_publication SET status = 'FAILED'
				WHERE status IN ('PUBLISHED', 'PROCESSING', 'RESUBMITTED')
				  AND COALESCE(last_resubmission_date, publication_date) < CAST(:now AS timestamptz) - make_interval(secs => :stale)
				""")
				.param("now", now)
				.param("stale", settings.staleAfter().toMillis() / 1000.0)
				.update();
	}

	private int resubmitDue(Timestamp now) {

		// Resubmit no more than the listener pool can take, or the surplus would just turn stale again.
		var capacity = Math.min(settings.batchSize(), listeners.getQueueCapacity() - listeners.getQueueSize());

		if (capacity <= 0) {
			return 0;
		}

		var due = new HashSet<>(jdbc.sql("""
				SELECT id FROM event_publication
				WHERE status = 'FAILED' AND completion_attempts < :max
				  AND COALESCE(last_resubmission_date, publication_date) + make_interval(secs =>
				      LEAST(:initial * power(:multiplier, completion_attempts - 1), :cap)) <= :now
				ORDER BY publication_date
				LIMIT :batch
				""")
				.param("max", settings.maxAttempts())
				.param("initial", settings.initialBackoff().toMillis() / 1000.0)
				.param("multiplier", settings.multiplier())
				.param("cap", settings.maxBackoff().toMillis() / 1000.0)
				.param("now", now)
				.param("batch", capacity)
				.query(java.util.UUID.class)
				.list());

		if (due.isEmpty()) {
			return 0;
		}

		// Spring Modulith reads the oldest failed publications, due or still backing off; read far enough to reach
		// the newest due one, so a backlog of one broken listener cannot starve everyone else's retries.
		var reach = jdbc.sql("""
				SELECT count(*) FROM event_publication
				WHERE status = 'FAILED' AND publication_date <= (SELECT max(publication_date) FROM event_publication
				  WHERE id IN (:due))
				""").param("due", due).query(Integer.class).single();

		failed.resubmit(ResubmissionOptions.defaults()
				.withMaxInFlight(MAX_READ)
				.withBatchSize(Math.min(Math.max(reach, 1), MAX_READ))
				.withFilter(it -> due.contains(it.getIdentifier())));

		return due.size();
	}

	static String simpleName(String type) {
		return type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
	}
}
