package com.modularshop.infrastructure.registry;

import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backlog's bound follows what the listeners take in {@code max-queue-time}, between 100 and {@code max-waiting}.
 */
class WaitingBoundUnitTests {

	static final Duration COUNT_EVERY = Duration.ofMillis(50);

	Instant now = Instant.parse("2026-01-01T12:00:00Z");
	WaitingBound bound = new WaitingBound(300, Duration.ofMillis(150));

	@BeforeEach
	void firstCount() {
		bound.update(now);
	}

	@Test
	void isMaxWaitingUntilTheListenersHaveARate() {
		assertThat(bound.get()).isEqualTo(300);
	}

	@Test
	void holdsSlowListenersToWhatTheyTakeInTheQueueTime() {

		claimFor(Duration.ofSeconds(3), 800);

		// 800 publications a second for 150 ms, once the smoothed rate has caught up
		assertThat(bound.get()).isBetween(118L, 120L);
	}

	@Test
	void neverExceedsMaxWaitingForFastListeners() {

		claimFor(Duration.ofSeconds(3), 4_000);

		assertThat(bound.get()).isEqualTo(300);
	}

	@Test
	void neverFallsBelowAHundredSoThatTheListenersDoNotRunDryBetweenCounts() {

		claimFor(Duration.ofSeconds(3), 800);
		claimFor(Duration.ofSeconds(3), 0);

		assertThat(bound.get()).isEqualTo(100);
	}

	@Test
	void followsAChangeOfRateOverHalfASecondNotOneCount() {

		claimFor(Duration.ofSeconds(3), 800);
		claimFor(COUNT_EVERY, 4_000);

		assertThat(bound.get()).isBetween(121L, 200L);

		claimFor(Duration.ofSeconds(2), 4_000);

		assertThat(bound.get()).isEqualTo(300);
	}

	@Test
	void staysAtMaxWaitingWithoutAQueueTime() {

		bound = new WaitingBound(300, Duration.ZERO);
		bound.update(now);
		claimFor(Duration.ofSeconds(3), 100);

		assertThat(bound.get()).isEqualTo(300);
	}

	@Test
	void keepsAMaxWaitingBelowAHundred() {

		var small = new WaitingBound(3, Duration.ofMillis(150));
		small.update(now);
		small.update(now.plusSeconds(1));

		assertThat(small.get()).isEqualTo(3);
	}

	/** Claims at the given rate, counted every 50 ms as the dispatcher does under load. */
	void claimFor(Duration duration, int perSecond) {

		for (var elapsed = Duration.ZERO; elapsed.compareTo(duration) < 0; elapsed = elapsed.plus(COUNT_EVERY)) {
			bound.claimed((int) (perSecond * COUNT_EVERY.toMillis() / 1000));
			now = now.plus(COUNT_EVERY);
			bound.update(now);
		}
	}
}
