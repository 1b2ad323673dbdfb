package com.modularshop.infrastructure.registry;

import java.time.Duration;
import java.time.Instant;

/**
 * How many publications may wait for their first delivery before ingest is held back: what the listeners take in
 * {@code max-queue-time} at the rate they have been claiming, between 100 and {@code max-waiting}. A fixed bound is
 * milliseconds of work on a fast machine and seconds on a slow one; on the benchmark's slower 2-core machine 300
 * waiting publications held each accepted order for about a second under overload, and 50 let the listeners run dry
 * between two counts of the backlog.
 *
 * <p>The rate is this process's claims, the backlog the whole table's: with several instances each holds the backlog
 * to what it alone takes, so lower than one instance would (the floor keeps the listeners busy).
 */
class WaitingBound {

	private static final long FLOOR = 100;

	// the claim rate is smoothed over about this long, so that one short claim does not close admission
	private static final double SMOOTHING_SECONDS = 0.5;

	private final long max;
	private final long min;
	private final double queueSeconds;
	private long claimed;
	private long claimedBefore;
	private Instant before;
	private double perSecond;
	private volatile long bound;

	WaitingBound(long maxWaiting, Duration maxQueueTime) {
		this.max = maxWaiting;
		this.min = Math.min(FLOOR, maxWaiting);
		this.queueSeconds = maxQueueTime.toNanos() / 1e9;
		this.bound = maxWaiting;
	}

	/** Publications the dispatcher has just claimed. Called by the dispatcher's thread only, like {@link #update}. */
	void claimed(int count) {
		claimed += count;
	}

	/** Takes the claim rate since the last update into account. */
	void update(Instant now) {

		if (queueSeconds > 0 && before != null && now.isAfter(before)) {
			var seconds = Duration.between(before, now).toNanos() / 1e9;
			var rate = (claimed - claimedBefore) / seconds;
			perSecond += (rate - perSecond) * Math.min(1, seconds / SMOOTHING_SECONDS);
			bound = Math.max(min, Math.min(max, Math.round(perSecond * queueSeconds)));
		}
		before = now;
		claimedBefore = claimed;
	}

	long get() {
		return bound;
	}
}
