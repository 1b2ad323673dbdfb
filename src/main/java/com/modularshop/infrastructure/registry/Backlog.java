package com.modularshop.infrastructure.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publications waiting for their first delivery, counted by the dispatcher while there are any (at most every 50 ms):
 * what ingest is measured against ({@link IngestBackpressure}).
 */
class Backlog {

	private static final Duration RECOUNT = Duration.ofMillis(50);

	private final RegistryTables tables;
	private final ModuleListeners listeners;
	private final Clock clock;
	private final AtomicLong counts = new AtomicLong();
	private volatile long waiting;
	private volatile Instant countedAt = Instant.MIN;

	Backlog(RegistryTables tables, ModuleListeners listeners, Clock clock) {
		this.tables = tables;
		this.listeners = listeners;
		this.clock = clock;
	}

	/** As last counted. */
	long waiting() {
		return waiting;
	}

	/** How many times {@link #waiting()} was taken: a new count includes whatever was admitted before it. */
	long counted() {
		return counts.get();
	}

	/** Counts again, unless counted within the last 50 ms; with nothing more waiting, records an empty backlog. */
	void count(boolean more) {

		if (!more) {
			waiting = 0;
			counts.incrementAndGet();
			return;
		}

		var now = clock.instant();
		if (countedAt.plus(RECOUNT).isBefore(now)) {
			// awaited listeners' publications wait for another system (the broker), not for our listener threads
			waiting = tables.waiting(listeners.awaitedIds());
			countedAt = now;
			counts.incrementAndGet();
		}
	}
}
