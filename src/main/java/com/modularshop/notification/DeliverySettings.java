package com.modularshop.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How emails are sent and retried.
 *
 * @param pollInterval pause between two runs of the sender looking for due notifications
 * @param maxAttempts attempts before a notification is given up as FAILED (or SKIPPED when its recipient never
 *        became known)
 * @param initialBackoff wait after the first failed attempt
 * @param multiplier growth of the wait after each further failed attempt
 * @param maxBackoff longest wait between two attempts
 * @param batchSize notifications one run sends at most
 * @param from sender address of every email
 */
@ConfigurationProperties("shop.notification.delivery")
record DeliverySettings(
		@DefaultValue("5s") Duration pollInterval,
		@DefaultValue("8") int maxAttempts,
		@DefaultValue("30s") Duration initialBackoff,
		@DefaultValue("2.0") double multiplier,
		@DefaultValue("1h") Duration maxBackoff,
		@DefaultValue("50") int batchSize,
		@DefaultValue("shop@modular-shop.example") String from) {

	DeliverySettings {

		if (maxAttempts < 1 || batchSize < 1 || multiplier < 1.0 || initialBackoff.isNegative()
				|| maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException("Invalid notification delivery settings: at least one attempt, a batch "
					+ "of at least one, a multiplier of at least 1 and max-backoff >= initial-backoff are required");
		}
	}

	/** The wait after the given number of failed attempts: initial, then growing by the multiplier, capped. */
	Duration backoffAfter(int failedAttempts) {

		var millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));

		return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
	}
}
