package com.modularshop.notification;

import java.time.Instant;

import org.jmolecules.ddd.types.ValueObject;
import org.jspecify.annotations.Nullable;

/**
 * Where a notification's email stands. Only PENDING moves on; SENT, FAILED and SKIPPED are final, which is what keeps
 * a sent email from ever going out again.
 *
 * @param attempts delivery attempts made so far (sending, or waiting for an unknown recipient)
 * @param lastError why the last attempt failed, or why the email was skipped
 * @param nextAttemptAt when a PENDING notification is due, {@code null} once final
 * @param sentAt when a SENT notification was handed to the SMTP server, {@code null} before
 */
record Delivery(Status status, int attempts, @Nullable String lastError, @Nullable Instant nextAttemptAt,
		@Nullable Instant sentAt) implements ValueObject {

	enum Status {
		PENDING, SENT, FAILED, SKIPPED
	}

	Delivery {

		if (status == null || attempts < 0 || (status == Status.PENDING) != (nextAttemptAt != null)) {
			throw new IllegalArgumentException("A delivery has a status, and a next attempt exactly when pending");
		}
	}

	static Delivery dueAt(Instant at) {
		return new Delivery(Status.PENDING, 0, null, at, null);
	}

	boolean isPending() {
		return status == Status.PENDING;
	}

	Delivery sent(Instant at) {
		return new Delivery(Status.SENT, attempts + 1, null, null, at);
	}

	Delivery skipped(String reason) {
		return new Delivery(Status.SKIPPED, attempts, reason, null, null);
	}

	/**
	 * The SMTP server could not be reached: says nothing about this email, so no attempt is used up; it waits and is
	 * tried again, however long the outage lasts.
	 */
	Delivery deferred(String error, Instant until) {
		return new Delivery(Status.PENDING, attempts, error, until, null);
	}

	/** An administrator retries a FAILED delivery: due now, with a fresh budget of attempts. */
	Delivery retried(Instant now) {

		if (status != Status.FAILED) {
			throw new IllegalStateException("Only a FAILED delivery can be retried, not a " + status + " one");
		}

		return new Delivery(Status.PENDING, 0, lastError, now, null);
	}

	/** Another attempt failed: try again after the backoff, or give up with {@code finalStatus}. */
	Delivery failed(String error, Instant now, DeliverySettings settings, Status finalStatus) {

		var made = attempts + 1;

		return made >= settings.maxAttempts()
				? new Delivery(finalStatus, made, error, null, null)
				: new Delivery(Status.PENDING, made, error, now.plus(settings.backoffAfter(made)), null);
	}
}
