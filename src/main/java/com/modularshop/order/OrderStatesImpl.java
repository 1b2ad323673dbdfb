package com.modularshop.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.modularshop.order.Order.OrderId;
import com.modularshop.order.Order.Status;

/**
 * The fragment behind {@link OrderStates}: an order's row and its lines in one batch when placed, then one
 * version-checked UPDATE of the row per change, its lines untouched.
 */
class OrderStatesImpl implements OrderStates {

	private final JdbcClient jdbc;
	private final NamedParameterJdbcTemplate lineInserts;
	private final ApplicationEventPublisher events;

	OrderStatesImpl(JdbcClient jdbc, NamedParameterJdbcTemplate lineInserts, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.lineInserts = lineInserts;
		this.events = events;
	}

	@Override
	public Order insert(Order order) {

		var id = order.getId().id();

		jdbc.sql("""
				INSERT INTO ordering.orders (id, customer_id, status, placed_at, total_amount, total_currency,
				  rejection_reason, stock_release_requested_at, stock_release_confirmed_at, version)
				VALUES (:id, :customer, :status, :placedAt, :amount, :currency, NULL, NULL, NULL, 1)""")
				.param("id", id)
				.param("customer", order.customerId())
				.param("status", order.status().name())
				.param("placedAt", Timestamp.from(order.placedAt()))
				.param("amount", order.total().amount())
				.param("currency", order.total().currency())
				.update();

		var lines = order.lines();
		var batch = new MapSqlParameterSource[lines.size()];

		for (var index = 0; index < batch.length; index++) {
			var line = lines.get(index);
			batch[index] = new MapSqlParameterSource().addValue("order", id).addValue("index", index)
					.addValue("sku", line.sku()).addValue("name", line.name()).addValue("quantity", line.quantity())
					.addValue("amount", line.unitPrice().amount()).addValue("currency", line.unitPrice().currency());
		}

		lineInserts.batchUpdate("""
				INSERT INTO ordering.order_lines (order_id, line_index, sku, name, quantity, unit_price_amount,
				  unit_price_currency)
				VALUES (:order, :index, :sku, :name, :quantity, :amount, :currency)""", batch);

		order.stateSaved().forEach(events::publishEvent);

		return order;
	}

	@Override
	public Optional<Order> findLockedById(UUID id) {

		// the row is locked before its lines are read (they never change after placing anyway)
		return jdbc.sql("SELECT * FROM ordering.orders WHERE id = :id FOR UPDATE").param("id", id)
				.query(OrderStatesImpl::withoutLines).optional()
				.map(order -> order.apply(jdbc.sql("""
						SELECT sku, name, quantity, unit_price_amount, unit_price_currency FROM ordering.order_lines
						WHERE order_id = :id ORDER BY line_index""").param("id", id)
						.query((row, index) -> new Line(row.getString("sku"), row.getString("name"),
								row.getInt("quantity"), new Money(row.getBigDecimal("unit_price_amount"),
										row.getString("unit_price_currency"))))
						.list()));
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

	/** An order's row, read while the result set is open, waiting for its lines. */
	private static Function<List<Line>, Order> withoutLines(ResultSet row, int index) throws SQLException {

		var id = new OrderId(row.getObject("id", UUID.class));
		var customer = row.getObject("customer_id", UUID.class);
		var status = Status.valueOf(row.getString("status"));
		var total = new Money(row.getBigDecimal("total_amount"), row.getString("total_currency"));
		var placedAt = row.getTimestamp("placed_at").toInstant();
		var rejectionReason = row.getString("rejection_reason");
		var stockRelease = new StockRelease(instant(row.getTimestamp("stock_release_requested_at")),
				instant(row.getTimestamp("stock_release_confirmed_at")));
		var version = row.getLong("version");

		return lines -> new Order(id, customer, status, lines, total, placedAt, rejectionReason, stockRelease, version);
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
		return instant == null ? null : Timestamp.from(instant);
	}
}
