package com.modularshop.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.modularshop.user.Account.AccountId;

/**
 * Counts consecutive failed sign-ins per account and locks the account for a while once they reach the limit. Counted
 * with single atomic statements, so concurrent guesses cannot slip past the limit.
 */
@Component
class LoginThrottle {

	private final JdbcClient jdbc;
	private final LoginSettings settings;
	private final Clock clock = Clock.systemUTC();

	LoginThrottle(JdbcClient jdbc, LoginSettings settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/** How much longer the account is locked, if it is. */
	Optional<Duration> remainingLock(AccountId account) {

		var now = clock.instant();

		return jdbc.sql("SELECT locked_until FROM users.login_failures WHERE account_id = :id")
				.param("id", account.id())
				.query(OffsetDateTime.class)
				.optional()
				.map(OffsetDateTime::toInstant)
				.filter(now::isBefore)
				.map(until -> Duration.between(now, until));
	}

	void recordFailure(AccountId account) {

		// The failure that reaches the limit locks the account and starts counting afresh.
		jdbc.sql("""
				INSERT INTO users.login_failures AS f (account_id, failures, locked_until)
				VALUES (:id, CASE WHEN 1 >= :max THEN 0 ELSE 1 END, CASE WHEN 1 >= :max THEN :until END)
				ON CONFLICT (account_id) DO UPDATE SET
				  failures = CASE WHEN f.failures + 1 >= :max THEN 0 ELSE f.failures + 1 END,
				  locked_until = CASE WHEN f.failures + 1 >= :max THEN :until ELSE f.locked_until END
				""")
				.param("id", account.id())
				.param("max", settings.maxFailures())
				.param("until", OffsetDateTime.ofInstant(lockedUntil(), ZoneOffset.UTC))
				.update();
	}

	void recordSuccess(AccountId account) {
		jdbc.sql("DELETE FROM users.login_failures WHERE account_id = :id").param("id", account.id()).update();
	}

	private Instant lockedUntil() {
		return clock.instant().plus(settings.lockout());
	}
}
