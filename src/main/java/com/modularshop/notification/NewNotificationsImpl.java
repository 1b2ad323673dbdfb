package com.modularshop.notification;

import java.sql.Timestamp;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fragment behind {@link NewNotifications}: one {@code INSERT ... ON CONFLICT DO NOTHING} on the unique
 * (event_id, type) index. {@link Notification} registers no domain events, so there is nothing to publish.
 */
class NewNotificationsImpl implements NewNotifications {

	/** What Spring Data JDBC inserts for a new aggregate whose {@code @Version} is a wrapper ({@code Long}). */
	static final long FIRST_VERSION = 0;

	private final JdbcClient jdbc;

	NewNotificationsImpl(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public boolean insertIfAbsent(Notification notification) {

		var delivery = notification.delivery();

		return jdbc.sql("""
				INSERT INTO notification.notifications (id, event_id, type, recipient_id, subject, body, created_at,
				  delivery_status, delivery_attempts, delivery_last_error, delivery_next_attempt_at, delivery_sent_at,
				  version)
				VALUES (:id, :eventId, :type, :recipientId, :subject, :body, :createdAt, :status, :attempts, :lastError,
				  :nextAttemptAt, :sentAt, :version)
				ON CONFLICT (event_id, type) DO NOTHING""")
				.param("id", notification.getId().id())
				.param("eventId", notification.eventId())
				.param("type", notification.type().name())
				.param("recipientId", notification.recipientId())
				.param("subject", notification.subject())
				.param("body", notification.body())
				.param("createdAt", timestamp(notification.createdAt()))
				.param("status", delivery.status().name())
				.param("attempts", delivery.attempts())
				.param("lastError", delivery.lastError())
				.param("nextAttemptAt", timestamp(delivery.nextAttemptAt()))
				.param("sentAt", timestamp(delivery.sentAt()))
				.param("version", FIRST_VERSION)
				.update() == 1;
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}
}
