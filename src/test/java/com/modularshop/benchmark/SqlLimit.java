package com.modularshop.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The ceiling the application is measured against: the SQL statements and transactions that one order causes in the
 * application (place, the three publications with their status changes and archiving, the reservation, the
 * confirmation and the notification), replayed by plain JDBC with no framework on the same PostgreSQL and with the
 * same number of connections, in a database of its own built from the application's Flyway scripts.
 *
 * <p>The statements were taken from PostgreSQL's statement log ({@code log_statement=all}) while one order went through
 * the application. Reproduce with the command in {@code docs/performance.md}.
 */
final class SqlLimit {

	private static final String DATABASE = "sql_limit";
	private static final int PRODUCTS = 50;
	private static final int CUSTOMERS = 20;

	private final String serverUrl;
	private final String user;
	private final String password;

	SqlLimit(String serverUrl, String user, String password) {
		this.serverUrl = serverUrl;
		this.user = user;
		this.password = password;
	}

	/** Orders per second over the duration, with as many threads as connections. */
	double ordersPerSecond(int connections, Duration duration) throws Exception {

		prepare();

		var completed = new AtomicLong();
		var deadline = System.nanoTime() + duration.toNanos();
		var threads = new ArrayList<Thread>();
		var start = System.nanoTime();

		for (var i = 0; i < connections; i++) {
			var thread = new Thread(() -> {
				try (var connection = connect(DATABASE)) {
					connection.setAutoCommit(false);
					while (System.nanoTime() < deadline) {
						order(connection);
						completed.incrementAndGet();
					}
				} catch (SQLException e) {
					throw new IllegalStateException(e);
				}
			}, "sql-limit-" + i);
			thread.start();
			threads.add(thread);
		}

		for (var thread : threads) {
			thread.join();
		}

		return completed.get() / ((System.nanoTime() - start) / 1e9);
	}

	private void order(Connection c) throws SQLException {

		var random = ThreadLocalRandom.current();
		var orderId = UUID.randomUUID();
		var customerId = customer(random.nextInt(CUSTOMERS));
		var sku = sku(random.nextInt(PRODUCTS));
		var now = Timestamp.from(Instant.now());
		var price = new BigDecimal("9.99");

		// 1. place: the customer check, prices from the local copy, the order with its line, ReserveStock
		query(c, "SELECT NOT active FROM ordering.customers WHERE id = ?", customerId);
		query(c, "SELECT sku, name, price, currency FROM ordering.products WHERE sku IN (?) AND listed AND name IS NOT "
				+ "NULL", sku);
		// the order and its lines as OrderStates.insert writes them (the lines in one JDBC batch)
		update(c, "INSERT INTO ordering.orders (id, customer_id, status, placed_at, total_amount, total_currency, "
				+ "rejection_reason, stock_release_requested_at, stock_release_confirmed_at, version) VALUES (?, ?, "
				+ "'PLACED', ?, ?, 'EUR', NULL, NULL, NULL, 1)", orderId, customerId, now, price);
		update(c, "INSERT INTO ordering.order_lines (order_id, line_index, sku, name, quantity, unit_price_amount, "
				+ "unit_price_currency) VALUES (?, 0, ?, ?, 1, ?, 'EUR')", orderId, sku, "Product " + sku, price);
		var reserve = publish(c, "com.modularshop.catalog.commands.ReserveStock",
				"com.modularshop.catalog.Inventory.on(com.modularshop.catalog.commands.ReserveStock)",
				"{\"eventId\":\"%s\",\"orderId\":\"%s\",\"lines\":[{\"sku\":\"%s\",\"quantity\":1}]}"
						.formatted(UUID.randomUUID(), orderId, sku), now);
		c.commit();

		// 2. the catalog reserves: the reservation and the products' stock written alone (ReservationStates,
		// ProductStocks); a new reservation has no lines to read yet
		processing(c, reserve);
		query(c, "SELECT CAST(pg_advisory_xact_lock(hashtextextended(CAST(? AS text), 0)) AS text)", orderId);
		query(c, "SELECT outcome, failure_reason, released, version FROM catalog.reservations WHERE id = ? FOR UPDATE",
				orderId);
		var product = first(c, "SELECT * FROM catalog.products WHERE sku IN (?) ORDER BY sku FOR UPDATE", sku);
		update(c, "INSERT INTO catalog.reservations (id, outcome, failure_reason, released, version) VALUES (?, ?, ?, "
				+ "?, 0)", orderId, "RESERVED", null, false);
		update(c, "INSERT INTO catalog.reservation_lines (order_id, line_index, sku, quantity) VALUES (?, ?, ?, ?)",
				orderId, 0, sku, 1);
		var reserved = publish(c, "com.modularshop.catalog.events.StockReserved",
				"com.modularshop.order.OrderSaga.on(com.modularshop.catalog.events.StockReserved)",
				"{\"eventId\":\"%s\",\"orderId\":\"%s\",\"reservedAt\":\"%s\"}".formatted(UUID.randomUUID(), orderId,
						now.toInstant()), now);
		update(c, "UPDATE catalog.products SET reserved = ?, version = version + 1 WHERE sku = ? AND version = ?",
				(int) product.get("reserved") + 1, sku, product.get("version"));
		c.commit();
		complete(c, reserve);

		// 3. the order is confirmed
		processing(c, reserved);
		query(c, "SELECT * FROM ordering.orders WHERE id = ? FOR UPDATE", orderId);
		query(c, "SELECT sku, name, quantity, unit_price_amount, unit_price_currency FROM ordering.order_lines "
				+ "WHERE order_id = ? ORDER BY line_index", orderId);
		// the state alone (OrderStates): the lines are not written again
		update(c, "UPDATE ordering.orders SET status = 'CONFIRMED', rejection_reason = NULL, "
				+ "stock_release_requested_at = NULL, stock_release_confirmed_at = NULL, version = version + 1 "
				+ "WHERE id = ? AND version = 1", orderId);
		var confirmed = publish(c, "com.modularshop.order.events.OrderConfirmed",
				"com.modularshop.notification.NotificationListeners.on(com.modularshop.order.events.OrderConfirmed)",
				"{\"eventId\":\"%s\",\"orderId\":\"%s\",\"customerId\":\"%s\",\"lines\":[{\"sku\":\"%s\",\"name\":"
						+ "\"Product %s\",\"quantity\":1,\"unitPrice\":9.99}],\"total\":9.99,\"currency\":\"EUR\","
						+ "\"confirmedAt\":\"%s\"}".formatted(UUID.randomUUID(), orderId, customerId, sku, sku,
								now.toInstant()), now);
		c.commit();
		complete(c, reserved);

		// 4. the notification is stored: one insert that a redelivered event leaves alone (NewNotificationsImpl)
		processing(c, confirmed);
		update(c, """
				INSERT INTO notification.notifications (id, event_id, type, recipient_id, subject, body, created_at,
				  delivery_status, delivery_attempts, delivery_last_error, delivery_next_attempt_at, delivery_sent_at,
				  version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (event_id, type) DO NOTHING""", UUID.randomUUID(), UUID.randomUUID(), "ORDER_CONFIRMED",
				customerId, "Your order " + orderId + " is confirmed", "Your order " + orderId + " is confirmed and "
						+ "will be shipped:\n\n- 1 x Product " + sku + " (" + sku + ") at 9.99 EUR = 9.99 EUR\n\n"
						+ "Total: 9.99 EUR", now, "PENDING", 0, null, now, null, 0L);
		c.commit();
		complete(c, confirmed);
	}

	private UUID publish(Connection c, String type, String listener, String json, Timestamp now) throws SQLException {

		var id = UUID.randomUUID();
		update(c, "INSERT INTO event_publication (id, event_type, listener_id, publication_date, serialized_event, "
				+ "status, completion_attempts, last_resubmission_date) VALUES (?, ?, ?, ?, ?, 'PUBLISHED', 1, NULL)",
				id, type, listener, now, json);

		return id;
	}

	private static void processing(Connection c, UUID publication) throws SQLException {
		update(c, "UPDATE event_publication SET status = 'PROCESSING' WHERE id = ? AND status != 'PROCESSING'",
				publication);
		c.commit();
	}

	private static void complete(Connection c, UUID publication) throws SQLException {

		update(c, "INSERT INTO event_publication_archive (id, listener_id, event_type, serialized_event, "
				+ "publication_date, status, completion_date, completion_attempts, last_resubmission_date) SELECT id, "
				+ "listener_id, event_type, serialized_event, publication_date, 'COMPLETED', ?, completion_attempts, "
				+ "last_resubmission_date FROM event_publication WHERE id = ?", Timestamp.from(Instant.now()),
				publication);
		update(c, "DELETE FROM event_publication WHERE id = ?", publication);
		c.commit();
	}

	/** A fresh database with the application's schemas, 50 products and 20 customers in the local copies. */
	private void prepare() throws SQLException {

		try (var server = connect("postgres"); var statement = server.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
			statement.execute("CREATE DATABASE " + DATABASE);
		}

		try (var c = connect(DATABASE); var statement = c.createStatement()) {

			for (var script : migrations()) {
				statement.execute(script);
			}

			for (var i = 0; i < PRODUCTS; i++) {
				update(c, "INSERT INTO ordering.products (sku, name, price, currency, listed, changed_at) VALUES "
						+ "(?, ?, 9.99, 'EUR', true, now())", sku(i), "Product " + sku(i));
				update(c, "INSERT INTO catalog.products (sku, name, description, category, price_amount, "
						+ "price_currency, on_hand, reserved, listed, listed_at, version) VALUES (?, ?, '', NULL, 9.99, "
						+ "'EUR', 100000000, 0, true, now(), 1)", sku(i), "Product " + sku(i));
			}

			for (var i = 0; i < CUSTOMERS; i++) {
				update(c, "INSERT INTO ordering.customers (id, active) VALUES (?, true)", customer(i));
			}
		}
	}

	/** The application's Flyway scripts: the registry first, then each module's, in version order. */
	private static List<String> migrations() {

		try {
			var resolver = new PathMatchingResourcePatternResolver();
			var scripts = new ArrayList<String>();

			for (var folder : List.of("__root", "user", "catalog", "order", "notification")) {
				var resources = new ArrayList<>(List.of(resolver.getResources("classpath:db/migration/" + folder
						+ "/V*.sql")));
				resources.sort(Comparator.comparingInt(SqlLimit::version));
				for (var resource : resources) {
					scripts.add(resource.getContentAsString(StandardCharsets.UTF_8));
				}
			}

			return scripts;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static int version(Resource script) {
		var name = script.getFilename();
		return Integer.parseInt(name.substring(1, name.indexOf("__")));
	}

	private Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(serverUrl + database, user, password);
	}

	private static String sku(int i) {
		return "BENCH-%03d".formatted(i);
	}

	private static UUID customer(int i) {
		return new UUID(0xBE7C, i);
	}

	private static void query(Connection c, String sql, Object... parameters) throws SQLException {

		try (var statement = c.prepareStatement(sql)) {
			bind(statement, parameters);
			try (var rows = statement.executeQuery()) {
				while (rows.next()) {
					// read everything, as the application does
				}
			}
		}
	}

	/** Reads like {@link #query} and returns the first row by column name, as the application reads its entity. */
	private static Map<String, Object> first(Connection c, String sql, Object... parameters) throws SQLException {

		try (var statement = c.prepareStatement(sql)) {
			bind(statement, parameters);
			try (var rows = statement.executeQuery()) {
				var row = new HashMap<String, Object>();
				if (rows.next()) {
					for (var i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
						row.put(rows.getMetaData().getColumnName(i), rows.getObject(i));
					}
				}
				return row;
			}
		}
	}

	private static void update(Connection c, String sql, Object... parameters) throws SQLException {

		try (var statement = c.prepareStatement(sql)) {
			bind(statement, parameters);
			statement.executeUpdate();
		}
	}

	private static void bind(java.sql.PreparedStatement statement, Object... parameters) throws SQLException {
		for (var i = 0; i < parameters.length; i++) {
			statement.setObject(i + 1, parameters[i]);
		}
	}
}
