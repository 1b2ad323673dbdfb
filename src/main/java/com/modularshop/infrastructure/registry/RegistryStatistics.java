package com.modularshop.infrastructure.registry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the registry holds right now: counts of incomplete, failed and dead-letter publications and the age of the
 * oldest incomplete one. Read with one query and cached briefly, because gauges are polled by every scrape and every
 * health check.
 */
class RegistryStatistics implements MeterBinder {

	record Snapshot(long incomplete, long failed, long deadLetters, Duration oldestIncompleteAge) {}

	private static final Duration CACHE = Duration.ofSeconds(2);

	private final JdbcClient jdbc;
	private final Clock clock;
	private volatile @Nullable Snapshot snapshot;
	private volatile Instant takenAt = Instant.MIN;

	RegistryStatistics(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	Snapshot current() {

		var now = clock.instant();

		var current = snapshot;

		if (current == null || takenAt.plus(CACHE).isBefore(now)) {
			current = jdbc.sql("""
					SELECT
					  (SELECT count(*) FROM event_publication WHERE status <> 'COMPLETED'),
					  (SELECT count(*) FROM event_publication WHERE status = 'FAILED'),
					  (SELECT count(*) FROM event_publication_dead_letter),
					  (SELECT min(publication_date) FROM event_publication WHERE status <> 'COMPLETED')
					""")
					.query((rs, row) -> {
						var oldest = rs.getObject(4, OffsetDateTime.class);
						return new Snapshot(rs.getLong(1), rs.getLong(2), rs.getLong(3),
								oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), now));
					})
					.single();
			snapshot = current;
			takenAt = now;
		}

		return current;
	}

	@Override
	public void bindTo(MeterRegistry registry) {

		Gauge.builder("shop.events.publications", this, it -> it.current().incomplete())
				.tag("state", "incomplete").description("Publications not yet completed").register(registry);
		Gauge.builder("shop.events.publications", this, it -> it.current().failed())
				.tag("state", "failed").description("Publications whose last delivery failed").register(registry);
		Gauge.builder("shop.events.publications", this, it -> it.current().deadLetters())
				.tag("state", "dead_letter").description("Publications given up on").register(registry);
		Gauge.builder("shop.events.oldest.incomplete.age", this, it -> it.current().oldestIncompleteAge().toSeconds())
				.baseUnit("seconds").description("Age of the oldest incomplete publication").register(registry);
	}
}
