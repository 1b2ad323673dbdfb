package com.modularshop;

import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import com.jayway.jsonpath.JsonPath;
import com.modularshop.testsupport.Fixtures;
import com.modularshop.testsupport.ForgedTokens;
import com.modularshop.testsupport.ShopClient;
import com.modularshop.testsupport.ShopClient.SignedIn;

/**
 * Real orders, placed through the HTTP API as a customer places them, for checks that deliver the saga's messages
 * themselves. The catalog can be held back (the ordered product's row stays locked) so that the order is still
 * placed when such a message arrives, rather than already settled by the catalog's own answer.
 */
class PendingOrders {

	/** The module whose answer is held back; its own listeners would wait for the hold themselves. */
	static final String CATALOG = ModularShopApplication.class.getPackageName() + ".catalog";

	private final ShopClient client;
	private final JdbcClient jdbc;
	private final DataSource dataSource;

	PendingOrders(MockMvcTester mvc, JdbcClient jdbc, DataSource dataSource) {
		this.client = new ShopClient(mvc);
		this.jdbc = jdbc;
		this.dataSource = dataSource;
	}

	/** Whether delivering to a listener of this type may hold the catalog back without waiting for itself. */
	static boolean mayHoldBackTheCatalogFor(Class<?> listener) {
		return !(listener.getPackageName() + ".").startsWith(CATALOG + ".");
	}

	/** Places an order for one unit of a fresh product; with {@code holdBack} the catalog answers it only on close. */
	Pending place(boolean holdBack) {

		var sku = listedProduct();
		var customer = client.newCustomer();
		var hold = holdBack ? lock(sku) : null;

		try {
			var placed = client.post("/api/orders", customer.bearer(), """
					{"lines": [{"sku": "%s", "quantity": 1}]}""".formatted(sku));
			assertThat(placed).hasStatus(202);

			return new Pending(UUID.fromString(JsonPath.read(ShopClient.body(placed), "$.id")), customer, hold);
		} catch (RuntimeException | Error e) {
			release(hold);
			throw e;
		}
	}

	/** The order's status as its customer sees it. */
	String status(Pending order) {
		return JsonPath.read(ShopClient.body(client.get("/api/orders/" + order.id(), order.customer().bearer())),
				"$.status");
	}

	/** A placed order and, while the catalog is held back, the transaction holding its product's row. */
	record Pending(UUID id, SignedIn customer, Connection hold) implements AutoCloseable {

		boolean isHeldBack() {
			return hold != null;
		}

		/** Lets the catalog answer. */
		@Override
		public void close() {
			release(hold);
		}
	}

	/** A product the order module already knows as listed, so that it can be ordered at once. */
	private String listedProduct() {

		var sku = Fixtures.uniqueSku();
		assertThat(client.post("/api/products", ForgedTokens.adminBearer(), """
				{"sku": "%s", "name": "Product %s", "price": {"amount": 1.00, "currency": "EUR"}, "stock": 5}"""
				.formatted(sku, sku))).hasStatus(201);
		await().atMost(Fixtures.PATIENCE).until(() -> jdbc.sql("""
				SELECT count(*) FROM event_publication WHERE completion_date IS NULL AND serialized_event LIKE :sku""")
				.param("sku", "%" + sku + "%").query(Integer.class).single() == 0);

		return sku;
	}

	/** Locks the product's row in a transaction of its own: reserving stock for it waits until that ends. */
	private Connection lock(String sku) {

		Connection connection = null;

		try {
			connection = dataSource.getConnection();
			connection.setAutoCommit(false);
			try (var statement = connection.prepareStatement(
					"SELECT sku FROM catalog.products WHERE sku = ? FOR UPDATE")) {
				statement.setString(1, sku);
				assertThat(statement.executeQuery().next()).as("catalog row of %s", sku).isTrue();
			}
			return connection;
		} catch (SQLException e) {
			release(connection);
			throw new IllegalStateException(e);
		} catch (RuntimeException | Error e) {
			release(connection);
			throw e;
		}
	}

	private static void release(Connection hold) {

		if (hold == null) {
			return;
		}

		try (hold) {
			hold.rollback();
		} catch (SQLException e) {
			throw new IllegalStateException(e);
		}
	}
}
