package com.modularshop.order;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.modularshop.order.Order.OrderId;

/**
 * The keys under which customers placed orders, and what each request asked for. Kept next to the orders rather than in
 * them: a key belongs to the HTTP request that placed the order, not to the order's business state, and most orders
 * have none. The primary key (customer, key) makes a concurrent second request with the same key fail on insert.
 */
@Component
class IdempotencyKeys {

	/** The order placed earlier under a key, and the request that placed it. */
	record Earlier(OrderId orderId, RequestFingerprint fingerprint) {}

	private final JdbcClient jdbc;

	IdempotencyKeys(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Earlier> find(UUID customerId, String key) {

		return jdbc.sql("""
				SELECT order_id, request_fingerprint FROM ordering.idempotency_keys
				WHERE customer_id = :customer AND idempotency_key = :key""")
				.param("customer", customerId).param("key", key)
				.query((row, i) -> new Earlier(new OrderId(row.getObject(1, UUID.class)),
						new RequestFingerprint(row.getString(2))))
				.optional();
	}

	/** @throws org.springframework.dao.DuplicateKeyException if another request took the key meanwhile */
	void record(UUID customerId, String key, RequestFingerprint fingerprint, OrderId orderId) {

		jdbc.sql("""
				INSERT INTO ordering.idempotency_keys (customer_id, idempotency_key, request_fingerprint, order_id)
				VALUES (:customer, :key, :fingerprint, :order)""")
				.param("customer", customerId).param("key", key).param("fingerprint", fingerprint.fingerprint())
				.param("order", orderId.id())
				.update();
	}
}
