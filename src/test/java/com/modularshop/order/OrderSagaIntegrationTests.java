package com.modularshop.order;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.assertj.core.api.InstanceOfAssertFactories.*;
import static org.awaitility.Awaitility.*;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import com.jayway.jsonpath.JsonPath;
import com.modularshop.catalog.commands.ReleaseStock;
import com.modularshop.catalog.commands.ReserveStock;
import com.modularshop.catalog.events.ProductListed;
import com.modularshop.catalog.events.StockReleased;
import com.modularshop.catalog.events.StockReserved;
import com.modularshop.order.events.OrderCancelled;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderPlaced;
import com.modularshop.testsupport.EventRecorder;
import com.modularshop.testsupport.ForgedTokens;
import com.modularshop.testsupport.ShopClient;
import com.modularshop.testsupport.ShopClient.SignedIn;

/**
 * The order saga across the whole application, driven over HTTP: orders are confirmed, rejected and cancelled by
 * messages between the order and catalog modules only, each message may arrive twice, and concurrent orders never
 * reserve more than the catalog has.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(EventRecorder.class)
class OrderSagaIntegrationTests {

	@Autowired MockMvcTester mvc;
	@Autowired JdbcClient jdbc;
	@Autowired EventRecorder recorder;

	ShopClient client;
	String admin;
	SignedIn customer;

	@BeforeEach
	void setUp() {
		client = new ShopClient(mvc);
		admin = ForgedTokens.adminBearer();
		customer = client.newCustomer();
	}

	@Test
	void confirmsAnOrderOnceTheCatalogReservedItsStock() {

		var sku = product(5, "2.50");

		var placed = place(customer, lines(sku, 2), null);

		assertThat(placed).hasStatus(202);
		var id = JsonPath.<String> read(ShopClient.body(placed), "$.id");
		assertThat(placed).hasHeader("Location", "/api/orders/" + id);
		assertThat(placed).bodyJson().extractingPath("$.status").isEqualTo("PLACED");
		assertThat(placed).bodyJson().extractingPath("$.lines[0].name").isEqualTo("Product " + sku);
		assertThat(placed).bodyJson().extractingPath("$.lines[0].quantity").isEqualTo(2);
		assertThat(placed).bodyJson().extractingPath("$.lines[0].unitPrice").isEqualTo(2.50);
		assertThat(placed).bodyJson().extractingPath("$.lines[0].lineTotal").isEqualTo(5.00);
		assertThat(placed).bodyJson().extractingPath("$.total").isEqualTo(5.00);
		assertThat(placed).bodyJson().extractingPath("$.placedAt").isNotNull();

		awaitStatus(id, "CONFIRMED");
		assertThat(available(sku)).isEqualTo(3);
		assertThat(recorder.ofType(OrderConfirmed.class, it -> it.orderId().toString().equals(id)))
				.singleElement().satisfies(it -> assertThat(it.total()).isEqualByComparingTo("5.00"));

		var second = JsonPath.<String> read(ShopClient.body(place(customer, lines(sku, 1), null)), "$.id");
		assertThat(client.get("/api/orders", customer.bearer())).bodyJson().extractingPath("$.content[*].id")
				.asArray().containsExactly(second, id);
	}

	@Test
	void rejectsAnOrderTheCatalogCannotServe() {

		var sku = product(1, "1.00");

		var id = placedId(customer, lines(sku, 2));

		var rejected = awaitStatus(id, "REJECTED");
		assertThat(rejected).bodyJson().extractingPath("$.rejectionReason").asString().contains(sku);
		assertThat(available(sku)).isEqualTo(1);
		assertThat(client.post("/api/orders/" + id + "/cancel", customer.bearer(), "")).hasStatus(409)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void cancellingBeforeConfirmationGivesAllStockBack() {

		var sku = product(4, "1.00");

		var id = placedId(customer, lines(sku, 3));
		var cancelled = client.post("/api/orders/" + id + "/cancel", customer.bearer(), "");

		assertThat(cancelled).hasStatus(202);
		assertThat(cancelled).bodyJson().extractingPath("$.status").isEqualTo("CANCELLED");

		// whichever reaches the catalog first, the reservation or the release, nothing stays held
		recorder.awaitSettled(id);
		assertThat(available(sku)).isEqualTo(4);
		assertThat(status(id)).isEqualTo("CANCELLED");
		assertThat(recorder.ofType(StockReleased.class, it -> it.orderId().toString().equals(id))).hasSize(1);
	}

	@Test
	void cancellingAConfirmedOrderReleasesItsStock() {

		var sku = product(4, "1.00");
		var id = placedId(customer, lines(sku, 3));
		awaitStatus(id, "CONFIRMED");
		assertThat(available(sku)).isEqualTo(1);

		assertThat(client.post("/api/orders/" + id + "/cancel", customer.bearer(), "")).hasStatus(202);

		await().atMost(PATIENCE).until(() -> available(sku) == 4);
		assertThat(recorder.ofType(OrderCancelled.class, it -> it.orderId().toString().equals(id))).hasSize(1);
		assertThat(client.post("/api/orders/" + id + "/cancel", customer.bearer(), "")).hasStatus(409);
	}

	@Test
	void releasesAReservationThatArrivesAfterTheOrderWasCancelled() {

		var sku = product(4, "1.00");
		var id = placedId(customer, lines(sku, 2));
		var orderId = UUID.fromString(id);
		awaitStatus(id, "CONFIRMED");
		assertThat(client.post("/api/orders/" + id + "/cancel", customer.bearer(), "")).hasStatus(202);
		recorder.awaitSettled(id);

		// the catalog's answer arrives (again) after the cancellation: the cancellation's release stands for it
		recorder.deliver(new StockReserved(UUID.randomUUID(), orderId, List.of(new StockReserved.Line(sku, 2)),
				Instant.now()), id);

		assertThat(recorder.ofType(ReleaseStock.class, it -> it.orderId().equals(orderId))).hasSize(1);
		assertThat(recorder.ofType(StockReleased.class, it -> it.orderId().equals(orderId))).hasSize(1);
		assertThat(status(id)).isEqualTo("CANCELLED");
		assertThat(available(sku)).isEqualTo(4);
	}

	@Test
	void deliveringEveryMessageOfTheSagaTwiceChangesNothing() {

		var sku = product(5, "1.00");
		var id = placedId(customer, lines(sku, 2));
		var orderId = UUID.fromString(id);
		awaitStatus(id, "CONFIRMED");
		recorder.awaitSettled(id);

		var listed = recorder.ofType(ProductListed.class, it -> it.sku().equals(sku)).get(0);
		var placed = recorder.ofType(OrderPlaced.class, it -> it.orderId().equals(orderId)).get(0);
		var reserve = recorder.ofType(ReserveStock.class, it -> it.orderId().equals(orderId)).get(0);
		var reserved = recorder.ofType(StockReserved.class, it -> it.orderId().equals(orderId)).get(0);

		recorder.deliver(listed, sku);
		recorder.deliver(placed, id);
		recorder.deliver(reserve, id);
		recorder.deliver(reserved, id);

		assertThat(status(id)).isEqualTo("CONFIRMED");
		assertThat(available(sku)).isEqualTo(3);
		// the recorder also saw the copies delivered here: count distinct messages
		assertThat(recorder.ofType(StockReserved.class, it -> it.orderId().equals(orderId)).stream()
				.map(StockReserved::eventId).distinct()).hasSize(1);
		assertThat(recorder.ofType(OrderConfirmed.class, it -> it.orderId().equals(orderId))).hasSize(1);

		assertThat(client.post("/api/orders/" + id + "/cancel", customer.bearer(), "")).hasStatus(202);
		recorder.awaitSettled(id);
		var release = recorder.ofType(ReleaseStock.class, it -> it.orderId().equals(orderId)).get(0);

		recorder.deliver(release, id);
		recorder.deliver(reserved, id);

		assertThat(available(sku)).isEqualTo(5);
		assertThat(status(id)).isEqualTo("CANCELLED");
		assertThat(recorder.ofType(StockReleased.class, it -> it.orderId().equals(orderId))).hasSize(1);
		assertThat(recorder.ofType(OrderCancelled.class, it -> it.orderId().equals(orderId))).hasSize(1);
	}

	@Test
	void rejectsAnOrderWithoutLines() {

		assertThat(place(customer, "{}", null)).hasStatus(400);
		assertThat(place(customer, "{\"lines\": []}", null)).hasStatus(400);
	}

	@Test
	void rejectsMoreThanAHundredLines() {

		var sku = product(5, "1.00");
		var tooMany = IntStream.range(0, 101).mapToObj(it -> "{\"sku\": \"%s\", \"quantity\": 1}".formatted(sku))
				.collect(Collectors.joining(",", "{\"lines\": [", "]}"));

		assertThat(place(customer, tooMany, null)).hasStatus(400);
	}

	@Test
	void rejectsAZeroQuantityNamingTheLine() {

		var sku = product(5, "1.00");

		assertThat(place(customer, lines(sku, 0), null)).hasStatus(400)
				.bodyJson().extractingPath("$.errors[0].field").isEqualTo("lines[0].quantity");
	}

	@Test
	void rejectsABlankIdempotencyKey() {

		var sku = product(5, "1.00");

		assertThat(place(customer, lines(sku, 1), " ")).hasStatus(400);
	}

	@Test
	void rejectsAnIdempotencyKeyLongerThanTwoHundredCharacters() {

		var sku = product(5, "1.00");

		assertThat(place(customer, lines(sku, 1), "k".repeat(201))).hasStatus(400);
	}

	@Test
	void refusesUnknownAndDelistedProductsNamingOnlyThose() {

		var sku = product(5, "1.00");
		var delisted = product(5, "1.00");
		assertThat(client.delete("/api/products/" + delisted, admin)).hasStatus(204);
		await().atMost(PATIENCE).until(() -> !knownAsListed(delisted));
		var unknown = "NOPE-" + UUID.randomUUID();

		var notForSale = place(customer, """
				{"lines": [{"sku": "%s", "quantity": 1}, {"sku": "%s", "quantity": 1}, {"sku": "%s", "quantity": 1}]}"""
				.formatted(sku, unknown, delisted), null);

		assertThat(notForSale).hasStatus(422).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(notForSale).bodyJson().extractingPath("$.detail").asString().contains(unknown, delisted)
				.doesNotContain(sku);
	}

	@Test
	void rejectsAnOrderIdThatIsNoUuid() {
		assertThat(client.get("/api/orders/not-a-uuid", customer.bearer())).hasStatus(400);
	}

	@Test
	void answersNotFoundForAnUnknownOrder() {
		assertThat(client.get("/api/orders/" + UUID.randomUUID(), customer.bearer())).hasStatus(404);
	}

	@Test
	void placesOrdersOnlyForSignedInCustomers() {

		var sku = product(5, "1.00");

		assertThat(client.post("/api/orders", null, lines(sku, 1))).hasStatus(401);
	}

	@Test
	void showsOrdersOnlyToTheirCustomerAndAdministrators() {

		var sku = product(5, "1.00");
		var id = placedId(customer, lines(sku, 1));
		var stranger = client.newCustomer();

		assertThat(client.get("/api/orders/" + id, stranger.bearer())).hasStatus(404);
		assertThat(client.post("/api/orders/" + id + "/cancel", stranger.bearer(), "")).hasStatus(404);
		assertThat(client.get("/api/orders", stranger.bearer())).bodyJson()
				.extractingPath("$.page.totalElements").isEqualTo(0);
		// administrators read any order through the admin API, not as its customer
		assertThat(client.get("/api/orders/" + id, admin)).hasStatus(404);
		assertThat(client.get("/api/admin/orders/" + id, admin)).hasStatusOk().bodyJson().extractingPath("$.id")
				.isEqualTo(id);
		assertThat(client.get("/api/orders/" + id, null)).hasStatus(401);
	}

	@Test
	void refusesOrdersOfADeactivatedCustomer() {

		var sku = product(5, "1.00");
		assertThat(client.post("/api/users/" + customer.id() + "/deactivate", admin, "")).hasStatus(204);

		// the order module learns about the deactivation from the user module's event
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(place(customer, lines(sku, 1), null)).hasStatus(403)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void placesOneOrderPerIdempotencyKey() {

		var sku = product(5, "1.00");
		var key = UUID.randomUUID().toString();

		var first = place(customer, lines(sku, 2), key);
		var again = place(customer, lines(sku, 2), key);

		assertThat(first).hasStatus(202);
		assertThat(again).hasStatus(202).hasHeader("Location", first.getResponse().getHeader("Location"));
		assertThat(place(customer, lines(sku, 3), key)).hasStatus(422)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(place(client.newCustomer(), lines(sku, 2), key).getResponse().getHeader("Location"))
				.isNotEqualTo(first.getResponse().getHeader("Location"));

		var id = JsonPath.<String> read(ShopClient.body(first), "$.id");
		awaitStatus(id, "CONFIRMED");
		recorder.awaitSettled(id);
		assertThat(available(sku)).isEqualTo(1);
	}

	@Test
	void reservesExactlyWhatExistsForManyConcurrentOrders() throws Exception {

		var sku = product(10, "1.00");
		var customers = List.of(customer, client.newCustomer(), client.newCustomer(), client.newCustomer(),
				client.newCustomer());

		var pool = Executors.newFixedThreadPool(10);
		var attempts = new ArrayList<Callable<String>>();
		for (int i = 0; i < 50; i++) {
			var buyer = customers.get(i % customers.size());
			attempts.add(() -> placedId(buyer, lines(sku, 1)));
		}
		var ids = new ArrayList<String>();
		for (var attempt : pool.invokeAll(attempts, 60, TimeUnit.SECONDS)) {
			ids.add(attempt.get());
		}
		pool.shutdown();

		await().atMost(Duration.ofSeconds(90)).untilAsserted(
				() -> assertThat(ids.stream().map(this::status)).doesNotContain("PLACED"));

		var statuses = ids.stream().collect(Collectors.groupingBy(this::status, Collectors.counting()));
		assertThat(statuses).containsOnlyKeys("CONFIRMED", "REJECTED");
		assertThat(statuses.get("CONFIRMED")).isEqualTo(10);
		assertThat(statuses.get("REJECTED")).isEqualTo(40);
		assertThat(available(sku)).isZero();
		assertThat(jdbc.sql("SELECT reserved FROM catalog.products WHERE sku = :sku").param("sku", sku)
				.query(Integer.class).single()).isEqualTo(10);
	}

	@Test
	void refusesAnOrderMixingCurrenciesWithAProblem() {

		// the order module's copy still has a product in the currency the shop sold in before shop.catalog.currency changed
		var euros = product(5, "2.50");
		var dollars = uniqueSku();
		recorder.deliver(new ProductListed(UUID.randomUUID(), dollars, "Old price", "", null, new BigDecimal("3.00"),
				"USD", Instant.now()), dollars);
		await().atMost(PATIENCE).until(() -> knownAsListed(dollars));

		var result = place(customer, """
				{"lines": [{"sku": "%s", "quantity": 1}, {"sku": "%s", "quantity": 1}]}""".formatted(euros, dollars),
				null);

		assertThat(result).hasStatus(422).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").asString().endsWith("/mixed-currencies");
		assertThat(result).bodyJson().extractingPath("$.currencies").asMap()
				.containsEntry(euros, "EUR").containsEntry(dollars, "USD");
		assertThat(result).bodyJson().extractingPath("$.detail").asString().contains("(EUR, USD)");
	}

	@Test
	void showsAdministratorsTheStockOfACancelledOrderWhoseReleaseWasDeadLetteredAndReleasesItAgain() {

		var sku = product(5, "1.00");
		var id = placedId(customer, lines(sku, 2));
		awaitStatus(id, "CONFIRMED");

		// the catalog's database refuses this order's release until the message is given up (a dead letter)
		jdbc.sql("""
				CREATE FUNCTION catalog.refuse_release_%1$s() RETURNS trigger LANGUAGE plpgsql AS $f$
				BEGIN IF NEW.id = '%2$s' AND NEW.released THEN RAISE EXCEPTION 'refused by the test'; END IF;
				RETURN NEW; END $f$;
				CREATE TRIGGER refuse_release_%1$s BEFORE UPDATE ON catalog.reservations
				FOR EACH ROW EXECUTE FUNCTION catalog.refuse_release_%1$s()""".formatted(id.replace("-", ""), id))
				.update();
		try {
			assertThat(client.post("/api/orders/" + id + "/cancel", customer.bearer(), "")).hasStatus(202);
			var failedRelease = await().atMost(PATIENCE).until(() -> failedReleaseOf(id), Optional::isPresent).get();
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(client.post(
					"/api/admin/event-publications/%s/abandon".formatted(failedRelease), admin, "")).hasStatus(204));
		} finally {
			jdbc.sql("DROP FUNCTION catalog.refuse_release_%s CASCADE".formatted(id.replace("-", ""))).update();
		}

		assertThat(available(sku)).isEqualTo(3); // held for an order that no longer wants it
		var listed = client.get("/api/admin/orders/unreleased-stock?size=100", admin);
		assertThat(listed).hasStatusOk();
		assertThat(listed).bodyJson().extractingPath("$.content[?(@.orderId == '%s')]".formatted(id)).asArray()
				.singleElement().asInstanceOf(MAP).containsEntry("status", "CANCELLED")
				.containsEntry("lines", List.of(Map.of("sku", sku, "quantity", 2)));
		assertThat(client.get("/api/admin/orders/unreleased-stock?olderThan=PT1H&size=100", admin)).bodyJson()
				.extractingPath("$.content[?(@.orderId == '%s')]".formatted(id)).asArray().isEmpty();

		assertThat(client.post("/api/admin/orders/%s/release-stock".formatted(id), admin, "")).hasStatus(202);

		await().atMost(PATIENCE).until(() -> available(sku) == 5);
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(client.get(
				"/api/admin/orders/unreleased-stock?size=100", admin)).bodyJson()
				.extractingPath("$.content[?(@.orderId == '%s')]".formatted(id)).asArray().isEmpty());
		assertThat(client.post("/api/admin/orders/%s/release-stock".formatted(id), admin, "")).hasStatus(409)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON).bodyJson().extractingPath("$.type").asString()
				.endsWith("/stock-released-already");
	}

	@Test
	void releasesStockAgainOnlyForClosedOrdersAndOnlyForAdministrators() {

		var sku = product(5, "1.00");
		var id = placedId(customer, lines(sku, 1));
		awaitStatus(id, "CONFIRMED");

		assertThat(client.post("/api/admin/orders/%s/release-stock".formatted(id), admin, "")).hasStatus(409)
				.bodyJson().extractingPath("$.type").asString().endsWith("/order-not-closed");
		assertThat(client.post("/api/admin/orders/%s/release-stock".formatted(UUID.randomUUID()), admin, ""))
				.hasStatus(404).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(client.post("/api/admin/orders/%s/release-stock".formatted(id), customer.bearer(), ""))
				.hasStatus(403);
		assertThat(client.get("/api/admin/orders/unreleased-stock", customer.bearer())).hasStatus(403);
		assertThat(client.get("/api/admin/orders/unreleased-stock?olderThan=-PT1M", admin)).hasStatus(400)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON).bodyJson().extractingPath("$.type").asString()
				.endsWith("/invalid-duration");
		assertThat(client.get("/api/admin/orders/unreleased-stock?olderThan=soon", admin)).hasStatus(400)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(available(sku)).isEqualTo(4);
	}

	/** The registry's failed delivery of the order's ReleaseStock to the catalog. */
	private Optional<UUID> failedReleaseOf(String orderId) {
		return jdbc.sql("""
				SELECT id FROM event_publication WHERE status = 'FAILED' AND event_type LIKE '%.ReleaseStock'
				AND serialized_event::jsonb ->> 'orderId' = :id""").param("id", orderId).query(UUID.class).optional();
	}

	private String product(int stock, String price) {

		var sku = uniqueSku();
		assertThat(client.post("/api/products", admin, """
				{"sku": "%s", "name": "Product %s", "price": {"amount": %s, "currency": "EUR"}, "stock": %d}"""
				.formatted(sku, sku, price, stock))).hasStatus(201);
		await().atMost(PATIENCE).until(() -> knownAsListed(sku));

		return sku;
	}

	/** Whether the order module's copy of the catalog has the product as listed (what placing an order needs). */
	private boolean knownAsListed(String sku) {
		return jdbc.sql("SELECT count(*) FROM ordering.products WHERE sku = :sku AND listed").param("sku", sku)
				.query(Integer.class).single() == 1;
	}

	private MvcTestResult place(SignedIn buyer, String json, String idempotencyKey) {
		return idempotencyKey == null ? client.post("/api/orders", buyer.bearer(), json)
				: client.post("/api/orders", buyer.bearer(), json, "Idempotency-Key", idempotencyKey);
	}

	private String placedId(SignedIn buyer, String json) {

		var result = place(buyer, json, null);
		assertThat(result).hasStatus(202);

		return JsonPath.read(ShopClient.body(result), "$.id");
	}

	private MvcTestResult awaitStatus(String id, String status) {

		await().atMost(PATIENCE).until(() -> status(id).equals(status));

		return client.get("/api/orders/" + id, customer.bearer());
	}

	private String status(String id) {
		return jdbc.sql("SELECT status FROM ordering.orders WHERE id = :id").param("id", UUID.fromString(id))
				.query(String.class).single();
	}

	private int available(String sku) {
		return JsonPath.read(ShopClient.body(client.get("/api/products/" + sku, null)), "$.available");
	}

	static String lines(String sku, int quantity) {
		return """
				{"lines": [{"sku": "%s", "quantity": %d}]}""".formatted(sku, quantity);
	}
}
