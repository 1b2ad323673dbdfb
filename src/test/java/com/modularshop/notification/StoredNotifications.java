package com.modularshop.notification;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import com.modularshop.notification.Notification.NotificationId;
import com.modularshop.notification.Notification.Type;

/**
 * The notification an event produced, looked up by SQL: only tests ask for a notification by its source event, so the
 * module's repository has no such query.
 */
final class StoredNotifications {

	private StoredNotifications() {}

	static Optional<Notification> of(JdbcClient jdbc, Notifications notifications, UUID eventId, Type type) {

		return jdbc.sql("SELECT id FROM notification.notifications WHERE event_id = :eventId AND type = :type")
				.param("eventId", eventId)
				.param("type", type.name())
				.query(UUID.class).optional()
				.flatMap(id -> notifications.findById(new NotificationId(id)));
	}
}
