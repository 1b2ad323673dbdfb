package com.modularshop.order;

import java.sql.Timestamp;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The fragment behind {@link OrderStates}: one version-checked UPDATE of the order's row, its lines untouched. */
class OrderStatesImpl implements OrderStates {

	private final JdbcClient jdbc;
	private final ApplicationEventPublisher events;

	OrderStatesImpl(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	@Override
	public Order saveState(Order order) {

		var updated = jdbc.sql("""
				UPDATE ordering.orders SET status = :status, rejection_reason = :reason,
				  stock_release_requested_at = :releaseRequestedAt, stock_release_confirmed_at = :releaseConfirmedAt,
				  version = version + 1
				WHERE id = :id AND version = :version""")
				.param("status", order.status().name())
				.param("reason", order.rejectionReason())
				.param("releaseRequestedAt", timestamp(order.stockRelease().requestedAt()))
				.param("releaseConfirmedAt", timestamp(order.stockRelease().confirmedAt()))
				.param("id", order.getId().id())
				.param("version", order.version())
				.update();

		if (updated != 1) {
			throw new OptimisticLockingFailureException("Order %s changed since it was loaded (version %s)"
					.formatted(order.getId().id(), order.version()));
		}

		order.stateSaved().forEach(events::publishEvent);

		return order;
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}
}
