package com.modularshop.user;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters in the database, shared by every instance. {@link #take} counts and decides in one atomic
 * statement (the upsert locks the row), so of any number of concurrent requests exactly {@code limit} get through per
 * window, whatever they do afterwards.
 */
@Component
class RateLimits {

	private final JdbcClient jdbc;
	private final Clock clock;

	RateLimits(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Counts one hit on the bucket.
	 *
	 * @return how long until the window ends when this hit is over the limit, empty when it is allowed
	 */
	Optional<Duration> take(String bucket, int limit, Duration window) {

		var now = clock.instant();
		var counted = jdbc.sql("""
				INSERT INTO users.rate_limits AS r (bucket, hits, window_ends) VALUES (:bucket, 1, :ends)
				ON CONFLICT (bucket) DO UPDATE SET
				  hits = CASE WHEN r.window_ends <= :now THEN 1 ELSE r.hits + 1 END,
				  window_ends = CASE WHEN r.window_ends <= :now THEN :ends ELSE r.window_ends END
				RETURNING hits, window_ends
				""")
				.param("bucket", bucket)
				.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
				.param("ends", OffsetDateTime.ofInstant(now.plus(window), ZoneOffset.UTC))
				.query((row, number) -> new Counted(row.getInt("hits"),
						row.getObject("window_ends", OffsetDateTime.class)))
				.single();

		return counted.hits() <= limit ? Optional.empty()
				: Optional.of(Duration.between(now, counted.windowEnds().toInstant()));
	}

	/** Gives back one hit that turned out not to count (a successful sign-in). */
	void giveBack(String bucket) {
		jdbc.sql("UPDATE users.rate_limits SET hits = hits - 1 WHERE bucket = :bucket AND hits > 0")
				.param("bucket", bucket).update();
	}

	void reset(String bucket) {
		jdbc.sql("DELETE FROM users.rate_limits WHERE bucket = :bucket").param("bucket", bucket).update();
	}

	// Buckets for guessed emails would otherwise pile up.
	@Scheduled(fixedDelay = 600_000, initialDelay = 600_000)
	void purgeEndedWindows() {
		jdbc.sql("DELETE FROM users.rate_limits WHERE window_ends < :now")
				.param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).update();
	}

	private record Counted(int hits, OffsetDateTime windowEnds) {}
}
