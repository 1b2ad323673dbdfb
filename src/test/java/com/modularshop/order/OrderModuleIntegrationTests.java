package com.modularshop.order;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.modularshop.catalog.commands.ReleaseStock;
import com.modularshop.catalog.commands.ReserveStock;
import com.modularshop.catalog.events.ProductDelisted;
import com.modularshop.catalog.events.ProductListed;
import com.modularshop.catalog.events.ProductUpdated;
import com.modularshop.catalog.events.StockReservationFailed;
import com.modularshop.catalog.events.StockReserved;
import com.modularshop.order.Order.OrderId;
import com.modularshop.order.Order.Status;
import com.modularshop.order.OrderExceptions.CustomerDeactivated;
import com.modularshop.order.OrderExceptions.IdempotencyKeyReused;
import com.modularshop.order.OrderExceptions.OrderNotCancellable;
import com.modularshop.order.OrderExceptions.ProductsNotForSale;
import com.modularshop.order.OrderManagement.Requested;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderPlaced;
import com.modularshop.order.events.OrderRejected;
import com.modularshop.testsupport.EventRecorder;
import com.modularshop.user.events.UserDeactivated;
import com.modularshop.user.events.UserRegistered;

/**
 * The order module alone, with the catalog and user modules replaced by the messages they would send: every
 * answer of the saga is delivered twice and changes the order once.
 */
@ApplicationModuleTest
@Import(EventRecorder.class)
@TestPropertySource(properties = "shop.order.deadline-check-interval=200ms")
class OrderModuleIntegrationTests {

	@Autowired OrderManagement management;
	@Autowired Orders orders;
	@Autowired KnownProducts products;
	@Autowired KnownCustomers customers;
	@Autowired JdbcClient jdbc;
	@Autowired EventRecorder recorder;
	@Autowired TransactionTemplate transactions;

	UUID customer;

	@BeforeEach
	void newCustomer() {
		customer = UUID.randomUUID();
	}

	@Test
	void keepsItsCopyOfTheCatalogInStepWithCatalogEvents(Scenario scenario) {

		var sku = uniqueSku();
		var listedAt = Instant.now();

		scenario.publish(new ProductListed(UUID.randomUUID(), sku, "Mug", "", null, new BigDecimal("4.50"), "EUR",
				listedAt)).andWaitForStateChange(() -> products.forSale(List.of(sku)).get(sku));

		// an update that is older than what is known is ignored, a newer one applies
		recorder.deliverTwice(new ProductUpdated(UUID.randomUUID(), sku, "Old mug", "", null, BigDecimal.ONE, "EUR",
				listedAt.minusSeconds(60)), sku);
		scenario.publish(new ProductUpdated(UUID.randomUUID(), sku, "Big mug", "", null, new BigDecimal("6.00"),
				"EUR", listedAt.plusSeconds(1)))
				.andWaitForStateChange(() -> products.forSale(List.of(sku)).get(sku),
						it -> it != null && it.name().equals("Big mug"))
				.andVerify(it -> assertThat(it.price().amount()).isEqualByComparingTo("6.00"));

		recorder.deliverTwice(new ProductDelisted(UUID.randomUUID(), sku, Instant.now()), sku);
		assertThat(products.forSale(List.of(sku))).isEmpty();

		// a late listing does not bring a delisted product back
		recorder.deliverTwice(new ProductListed(UUID.randomUUID(), sku, "Mug", "", null, BigDecimal.TEN, "EUR", listedAt),
				sku);
		assertThat(products.forSale(List.of(sku))).isEmpty();
	}

	@Test
	void placingPublishesOrderPlacedAndReserveStock(Scenario scenario) {

		var sku = knownProduct("2.50");

		scenario.stimulate(() -> management.place(customer, List.of(new Requested(sku, 3)), null).order())
				.andWaitForEventOfType(ReserveStock.class)
				.matching(it -> it.lines().equals(List.of(new ReserveStock.Line(sku, 3))))
				.toArriveAndVerify((command, order) -> {
					assertThat(command.orderId()).isEqualTo(order.getId().id());
					assertThat(order.status()).isEqualTo(Status.PLACED);
					assertThat(order.total().amount()).isEqualByComparingTo("7.50");

					var placed = recorder.ofType(OrderPlaced.class, it -> it.orderId().equals(command.orderId()));
					assertThat(placed).singleElement().satisfies(it -> {
						assertThat(it.customerId()).isEqualTo(customer);
						assertThat(it.lines()).singleElement().satisfies(line -> {
							assertThat(line.name()).isEqualTo("Product " + sku);
							assertThat(line.lineTotal()).isEqualByComparingTo("7.50");
						});
					});
				});
	}

	@Test
	void rejectsAnOrderStillPlacedAfterTheConfirmationTimeoutAndReleasesItsStock() {

		var sku = knownProduct("3.00");
		var order = management.place(customer, List.of(new Requested(sku, 2)), null).order();
		// no catalog here, so no answer comes: the order waits past shop.order.confirmation-timeout (15 minutes)
		jdbc.sql("UPDATE ordering.orders SET placed_at = placed_at - interval '16 minutes' WHERE id = :id")
				.param("id", order.getId().id()).update();

		await().atMost(PATIENCE).until(() -> orders.findById(order.getId()).orElseThrow().status() == Status.REJECTED);

		assertThat(orders.findById(order.getId()).orElseThrow().rejectionReason()).isEqualTo("TIMEOUT");
		await().atMost(PATIENCE).untilAsserted(() -> {
			assertThat(recorder.ofType(OrderRejected.class, it -> it.orderId().equals(order.getId().id())))
					.singleElement().satisfies(it -> assertThat(it.reason()).isEqualTo("TIMEOUT"));
			assertThat(recorder.ofType(ReleaseStock.class, it -> it.orderId().equals(order.getId().id())))
					.hasSize(1);
		});

		// a reservation that still arrives changes nothing: the release is already on its way
		recorder.deliverTwice(new StockReserved(UUID.randomUUID(), order.getId().id(),
				List.of(new StockReserved.Line(sku, 2)), Instant.now()), order.getId().id());
		assertThat(orders.findById(order.getId()).orElseThrow().status()).isEqualTo(Status.REJECTED);
	}

	/** Placing and the saga write and read orders with their own SQL; Spring Data's mapping reads the same order. */
	@Test
	void writesAndLocksOrdersAsTheRepositoryMapsThem() {

		var mug = knownProduct("2.50");
		var cup = knownProduct("1.25");
		var placed = management.place(customer, List.of(new Requested(mug, 3), new Requested(cup, 1)), null).order();

		var mapped = orders.findById(placed.getId()).orElseThrow();
		assertThat(mapped.lines()).containsExactlyElementsOf(placed.lines());
		assertThat(mapped.lines()).extracting(Line::sku).containsExactly(mug, cup);
		assertThat(mapped.total()).isEqualTo(placed.total());
		assertThat(mapped.total().amount()).isEqualByComparingTo("8.75");
		assertThat(mapped.placedAt()).isCloseTo(placed.placedAt(), within(1, ChronoUnit.MICROS)); // PostgreSQL rounds
		assertThat(mapped.status()).isEqualTo(Status.PLACED);
		assertThat(mapped.version()).isEqualTo(placed.version()).isEqualTo(1L);

		management.advance(placed.getId().id(), Order::confirm);

		var locked = transactions.execute(__ -> orders.findLockedById(placed.getId().id()).orElseThrow());
		var confirmed = orders.findById(placed.getId()).orElseThrow();
		assertThat(locked).usingRecursiveComparison().ignoringFields("changed").isEqualTo(confirmed);
		assertThat(locked.status()).isEqualTo(Status.CONFIRMED);
		assertThat(locked.version()).isEqualTo(2L);
		Optional<Order> unknown = transactions.execute(__ -> orders.findLockedById(UUID.randomUUID()));
		assertThat(unknown).isEmpty();
	}

	@Test
	void refusesProductsItDoesNotKnowAsListed() {

		var known = knownProduct("1.00");
		var unknown = uniqueSku();

		assertThatExceptionOfType(ProductsNotForSale.class)
				.isThrownBy(() -> management.place(customer, List.of(new Requested(known, 1),
						new Requested(unknown, 1)), null))
				.satisfies(it -> assertThat(it.skus()).containsExactly(unknown));
	}

	@Test
	void confirmsTheOrderOnceWhenStockIsReserved() {

		var order = placed();

		recorder.deliverTwice(new StockReserved(UUID.randomUUID(), order, List.of(), Instant.now()), order);

		assertThat(status(order)).isEqualTo(Status.CONFIRMED);
		assertThat(recorder.ofType(OrderConfirmed.class, it -> it.orderId().equals(order))).hasSize(1);

		// a failure arriving after the confirmation is old news
		recorder.deliverTwice(new StockReservationFailed(UUID.randomUUID(), order, "late", Instant.now()), order);
		assertThat(status(order)).isEqualTo(Status.CONFIRMED);
	}

	@Test
	void rejectsTheOrderOnceWhenTheReservationFails() {

		var order = placed();

		recorder.deliverTwice(new StockReservationFailed(UUID.randomUUID(), order, "Insufficient stock: X", Instant.now()),
				order);

		var rejected = orders.findById(new OrderId(order)).orElseThrow();
		assertThat(rejected.status()).isEqualTo(Status.REJECTED);
		assertThat(rejected.rejectionReason()).isEqualTo("Insufficient stock: X");
		assertThat(recorder.ofType(OrderRejected.class, it -> it.orderId().equals(order)))
				.singleElement().satisfies(it -> assertThat(it.reason()).isEqualTo("Insufficient stock: X"));
		assertThatExceptionOfType(OrderNotCancellable.class).isThrownBy(() -> management.cancel(order, customer));
	}

	@Test
	void aReservationThatArrivesForACancelledOrderChangesNothing() {

		var order = placed();
		management.cancel(order, customer);

		assertThat(recorder.ofType(ReleaseStock.class, it -> it.orderId().equals(order))).hasSize(1);

		recorder.deliverTwice(new StockReserved(UUID.randomUUID(), order, List.of(), Instant.now()), order);

		// the cancellation's ReleaseStock releases the reservation (or makes it fail, had it arrived first)
		assertThat(status(order)).isEqualTo(Status.CANCELLED);
		assertThat(recorder.ofType(ReleaseStock.class, it -> it.orderId().equals(order))).hasSize(1);
		assertThat(recorder.ofType(OrderConfirmed.class, it -> it.orderId().equals(order))).isEmpty();
	}

	@Test
	void refusesOrdersOfDeactivatedCustomers() {

		var sku = knownProduct("1.00");

		recorder.deliverTwice(new UserRegistered(UUID.randomUUID(), customer, "c@shop.test", "C", Instant.now()),
				customer);
		assertThat(management.place(customer, List.of(new Requested(sku, 1)), null).order()).isNotNull();

		recorder.deliverTwice(new UserDeactivated(UUID.randomUUID(), customer, Instant.now()), customer);
		assertThat(customers.isDeactivated(customer)).isTrue();

		// a late registration does not reactivate the customer
		recorder.deliverTwice(new UserRegistered(UUID.randomUUID(), customer, "c@shop.test", "C", Instant.now()),
				customer);

		assertThatExceptionOfType(CustomerDeactivated.class)
				.isThrownBy(() -> management.place(customer, List.of(new Requested(sku, 1)), null));
	}

	@Test
	void placesOneOrderPerIdempotencyKey() {

		var sku = knownProduct("1.00");
		var key = UUID.randomUUID().toString();

		var first = management.place(customer, List.of(new Requested(sku, 2)), key);
		var again = management.place(customer, List.of(new Requested(sku, 2)), key);
		var otherCustomer = management.place(UUID.randomUUID(), List.of(new Requested(sku, 2)), key);

		assertThat(first.replayed()).isFalse();
		assertThat(again.replayed()).isTrue();
		assertThat(again.order().getId()).isEqualTo(first.order().getId());
		assertThat(otherCustomer.order().getId()).isNotEqualTo(first.order().getId());
		assertThatExceptionOfType(IdempotencyKeyReused.class)
				.isThrownBy(() -> management.place(customer, List.of(new Requested(sku, 3)), key));
	}

	private UUID placed() {
		return management.place(customer, List.of(new Requested(knownProduct("3.00"), 1)), null).order().getId().id();
	}

	private Status status(UUID order) {
		return orders.findById(new OrderId(order)).orElseThrow().status();
	}

	private String knownProduct(String price) {

		var sku = uniqueSku();
		recorder.deliverTwice(new ProductListed(UUID.randomUUID(), sku, "Product " + sku, "", null,
				new BigDecimal(price), "EUR", Instant.now()), sku);
		assertThat(products.forSale(List.of(sku))).containsKey(sku);

		return sku;
	}

}
