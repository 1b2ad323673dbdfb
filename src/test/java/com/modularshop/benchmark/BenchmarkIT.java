package com.modularshop.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Keeps the benchmark harness from rotting: in the regular build it runs for a few seconds against the packaged jar
 * and must see orders flow end to end. With {@code -Pbench} ({@code bench.full=true}) it is the real benchmark.
 */
class BenchmarkIT {

	@Test
	void ordersFlowEndToEndThroughTheHarness() throws Exception {

		var full = Boolean.getBoolean("bench.full");
		var configured = Benchmark.Settings.fromSystemProperties();
		var settings = full ? configured : configured.smoke();
		var report = new Benchmark(settings).run();

		assertThat(report.sustainedPerSecond()).as("orders confirmed and notified per second").isPositive();
		assertThat(report.limitPerSecond()).as("the SQL replay's orders per second").isPositive();
		assertThat(report.lost()).as("accepted orders that never got confirmed").isZero();
		if (!full && settings.statements()) {
			assertThat(report.markdown()).as("PostgreSQL's statements per order, which the smoke counts")
					.contains("statements in the closed loop", "statements in the overload")
					.containsIgnoringCase("INSERT INTO event_publication");
		}
	}
}
