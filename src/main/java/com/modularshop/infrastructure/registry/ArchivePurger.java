package com.modularshop.infrastructure.registry;

import java.sql.Timestamp;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Deletes archived (completed) publications past the retention period, in batches so no statement holds locks for
 * long. It only ever reads the archive table: incomplete publications live in {@code event_publication} and are out
 * of its reach.
 */
class ArchivePurger implements SchedulingConfigurer {

	private static final Logger LOG = LoggerFactory.getLogger(ArchivePurger.class);

	private final JdbcClient jdbc;
	private final EventsSettings settings;
	private final Clock clock;
	private final boolean enabled;

	ArchivePurger(JdbcClient jdbc, EventsSettings settings, Clock clock, boolean enabled) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.clock = clock;
		this.enabled = enabled;
	}

	/** Every {@code shop.events.purge-interval}, unless switched off. */
	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {

		if (enabled) {
			registrar.addFixedDelayTask(new FixedDelayTask(this::purge, settings.purgeInterval(),
					settings.purgeInterval()));
		}
	}

	int purge() {

		var cutoff = Timestamp.from(clock.instant().minus(settings.retention()));
		var total = 0;
		int deleted;

		do {
			deleted = jdbc.sql("""
					DELETE FROM event_publication_archive WHERE id IN (
					  SELECT id FROM event_publication_archive WHERE completion_date < :cutoff LIMIT :batch)
					""")
					.param("cutoff", cutoff)
					.param("batch", settings.purgeBatchSize())
					.update();
			total += deleted;
		} while (deleted == settings.purgeBatchSize());

		// failure details of long-finished deliveries go with them, unless the publication is still incomplete or a
		// dead letter, where an operator needs them to decide what to do
		jdbc.sql("""
				DELETE FROM event_publication_failure f WHERE f.last_failed_at < :cutoff
				AND NOT EXISTS (SELECT 1 FROM event_publication p WHERE p.listener_id = f.listener_id
				  AND p.serialized_event::jsonb ->> 'eventId' = f.event_id::text)
				AND NOT EXISTS (SELECT 1 FROM event_publication_dead_letter d WHERE d.listener_id = f.listener_id
				  AND d.serialized_event::jsonb ->> 'eventId' = f.event_id::text)""").param("cutoff", cutoff).update();

		if (total > 0) {
			LOG.info("Purged {} archived event publications completed before {}", total, cutoff.toInstant());
		}

		return total;
	}
}
