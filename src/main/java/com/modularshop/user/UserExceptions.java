package com.modularshop.user;

import java.time.Duration;
import java.util.UUID;

/**
 * The user module's domain errors; {@link UserProblems} answers those a client causes with problem details.
 */
final class UserExceptions {

	private UserExceptions() {}

	static class EmailAlreadyRegistered extends RuntimeException {

		private static final long serialVersionUID = 1L;

		EmailAlreadyRegistered(EmailAddress email) {
			super("An account with email %s already exists".formatted(email.email()));
		}
	}

	/** Deliberately the same for an unknown email, a wrong password and an inactive account. */
	static class InvalidCredentials extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InvalidCredentials() {
			super("Email or password is wrong");
		}
	}

	static class InvalidPassword extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		InvalidPassword(String message) {
			super(message);
		}
	}

	/** Said alike for known and unknown emails: which one it is must not show. */
	static class AccountLocked extends Throttled {

		private static final long serialVersionUID = 1L;

		AccountLocked(Duration retryAfter) {
			super("Too many sign-in attempts; try again in %d seconds", retryAfter);
		}
	}

	static class TooManyRegistrations extends Throttled {

		private static final long serialVersionUID = 1L;

		TooManyRegistrations(Duration retryAfter) {
			super("Too many registrations from your address; try again in %d seconds", retryAfter);
		}
	}

	abstract static class Throttled extends RuntimeException {

		private static final long serialVersionUID = 1L;
		private final Duration retryAfter;

		Throttled(String message, Duration retryAfter) {
			super(message.formatted(seconds(retryAfter)));
			this.retryAfter = retryAfter;
		}

		long retryAfterSeconds() {
			return seconds(retryAfter);
		}

		private static long seconds(Duration duration) {
			return Math.max(1, (duration.toMillis() + 999) / 1000);
		}
	}

	static class AccountNotFound extends RuntimeException {

		private static final long serialVersionUID = 1L;

		AccountNotFound(UUID id) {
			super("No account %s".formatted(id));
		}
	}

	/** The configured administrator cannot be put in place; the application must not start half-configured. */
	static class AdministratorConflict extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		AdministratorConflict(String message) {
			super(message);
		}
	}
}
