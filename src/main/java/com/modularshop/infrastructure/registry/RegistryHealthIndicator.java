package com.modularshop.infrastructure.registry;

import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN when an incomplete publication is older than {@code shop.events.health-max-age}: messages between modules are
 * stuck and someone should look. Not part of the liveness or readiness groups, so it alerts without restarting or
 * unrouting the instance, which would not help.
 */
class RegistryHealthIndicator implements HealthIndicator {

	private final RegistryStatistics statistics;
	private final Duration maxAge;

	RegistryHealthIndicator(RegistryStatistics statistics, EventsSettings settings) {
		this.statistics = statistics;
		this.maxAge = settings.healthMaxAge();
	}

	@Override
	public Health health() {

		var snapshot = statistics.current();
		var health = snapshot.oldestIncompleteAge().compareTo(maxAge) > 0 ? Health.down() : Health.up();

		return health
				.withDetail("incomplete", snapshot.incomplete())
				.withDetail("failed", snapshot.failed())
				.withDetail("deadLetters", snapshot.deadLetters())
				.withDetail("oldestIncompleteAgeSeconds", snapshot.oldestIncompleteAge().toSeconds())
				.withDetail("maxAgeSeconds", maxAge.toSeconds())
				.build();
	}
}
