package com.modularshop.notification;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The notification module's record of which orders are cancelled, so the emails of one order never end on the wrong
 * note: events are delivered at least once and retried, so an {@code OrderConfirmed} can arrive after the
 * {@code OrderCancelled} of the same order. Each method upserts the order's row and so holds its lock until the
 * listener's transaction commits: a confirmation and a cancellation of one order are handled one after the other.
 */
@Component
class OrderOutcomes {

	private final JdbcClient jdbc;

	OrderOutcomes(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Whether the order is already known as cancelled; locks its row for the caller's transaction. */
	boolean isCancelled(UUID orderId) {
		return jdbc.sql("""
				INSERT INTO notification.orders AS o (order_id, cancelled) VALUES (:id, false)
				ON CONFLICT (order_id) DO UPDATE SET cancelled = o.cancelled
				RETURNING cancelled""").param("id", orderId).query(Boolean.class).single();
	}

	void recordCancellation(UUID orderId) {
		jdbc.sql("""
				INSERT INTO notification.orders (order_id, cancelled) VALUES (:id, true)
				ON CONFLICT (order_id) DO UPDATE SET cancelled = true""").param("id", orderId).update();
	}
}
