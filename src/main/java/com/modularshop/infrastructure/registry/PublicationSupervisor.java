package com.modularshop.infrastructure.registry;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes at-least-once delivery true when things go wrong: a delivery attempt that never finished (the process was
 * killed) is marked failed once it is stale, counted from the start of that attempt, and publications that exhausted
 * their attempts become dead letters. Failed publications are retried by the {@link PublicationDispatcher} once their
 * backoff has passed. Runs once the application is ready and then on a schedule; a PostgreSQL advisory lock makes sure
 * only one instance does this bookkeeping at a time.
 */
class PublicationSupervisor implements SchedulingConfigurer {

	/** Arbitrary but fixed: the advisory lock key shared by all instances on one database. */
	static final long LOCK_KEY = 0x5EED_E7E7L;

	private static final Logger LOG = LoggerFactory.getLogger(PublicationSupervisor.class);

	private final JdbcClient jdbc;
	private final RegistryTables tables;
	private final TransactionTemplate transactions;
	private final PublicationDispatcher dispatcher;
	private final EventsSettings.Retry settings;
	private final MeterRegistry meters;
	private final Clock clock;
	private final boolean enabled;

	PublicationSupervisor(JdbcClient jdbc, RegistryTables tables, TransactionTemplate transactions,
			PublicationDispatcher dispatcher, EventsSettings settings, MeterRegistry meters, Clock clock,
			boolean enabled) {
		this.jdbc = jdbc;
		this.tables = tables;
		this.transactions = transactions;
		this.dispatcher = dispatcher;
		this.settings = settings.retry();
		this.meters = meters;
		this.clock = clock;
		this.enabled = enabled;
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

	/** Every {@code shop.events.retry.interval}, while supervision is on. */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {

		if (enabled) {
			registrar.addFixedDelayTask(new FixedDelayTask(this::supervise, settings.interval(), settings.interval()));
		}
	}

	/**
	 * @return whether this instance got the lock and did the work
	 */
	boolean supervise() {

		var now = clock.instant();
		var done = transactions.execute(status -> {

			if (!locked()) {
				return null;
			}

			var buried = tables.buryExhausted(settings.maxAttempts(), now);
			buried.forEach(type -> {
				LOG.error("Event publication of {} failed {} times and is now a dead letter", type,
						settings.maxAttempts());
				meters.counter("shop.events.dead.letters", "event", simpleName(type)).increment();
			});

			return new int[] { buried.size(), tables.markStaleFailed(settings.staleAfter(), now) };
		});

		if (done == null) {
			return false;
		}

		if (done[0] + done[1] > 0) {
			LOG.info("Event publications: {} lost deliveries marked failed, {} moved to dead letters", done[1],
					done[0]);
			dispatcher.wakeForRetries();
		}

		return true;
	}

	/** Held until the surrounding transaction ends; another instance holding it means it is doing the work. */
	private boolean locked() {
		return jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)").param("key", LOCK_KEY).query(Boolean.class).single();
	}

	static String simpleName(String type) {
		return type.substring(type.lastIndexOf('.') + 1).replace('$', '.');
	}
}
