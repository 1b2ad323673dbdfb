package com.modularshop.catalog;

import static com.modularshop.testsupport.Fixtures.*;
import static org.assertj.core.api.Assertions.*;
import static org.awaitility.Awaitility.*;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.Scenario;
import org.springframework.transaction.support.TransactionTemplate;

import com.modularshop.catalog.commands.ReleaseStock;
import com.modularshop.catalog.commands.ReserveStock;
import com.modularshop.catalog.events.ProductListed;
import com.modularshop.catalog.events.StockReleased;
import com.modularshop.catalog.events.StockReservationFailed;
import com.modularshop.catalog.events.StockReserved;
import com.modularshop.testsupport.EventRecorder;

/**
 * The catalog module alone: it answers its stock commands with events, all lines or none, once per order.
 */
@ApplicationModuleTest
@Import(EventRecorder.class)
class CatalogModuleIntegrationTests {

	@Autowired Catalog catalog;
	@Autowired Products products;
	@Autowired Reservations reservations;
	@Autowired JdbcClient jdbc;
	@Autowired EventRecorder recorder;
	@Autowired ApplicationEventPublisher publisher;
	@Autowired TransactionTemplate transactions;

	@Test
	void publishesProductListed(Scenario scenario) {

		var sku = uniqueSku();

		scenario.stimulate(() -> catalog.add(new Sku(sku), "Mug", "A mug", "kitchen", euros("4.50"), 3))
				.andWaitForEventOfType(ProductListed.class)
				.matching(it -> it.sku().equals(sku))
				.toArriveAndVerify(event -> {
					assertThat(event.price()).isEqualByComparingTo("4.50");
					assertThat(event.currency()).isEqualTo("EUR");
				});
	}

	@Test
	void reservesAllLinesWhenThereIsEnoughStock(Scenario scenario) {

		var first = listed(5);
		var second = listed(2);
		var orderId = UUID.randomUUID();

		scenario.publish(new ReserveStock(UUID.randomUUID(), orderId,
				List.of(new ReserveStock.Line(first, 5), new ReserveStock.Line(second, 1))))
				.andWaitForStateChange(() -> answers(StockReserved.class, orderId), it -> !it.isEmpty())
				.andVerify(answers -> {
					var event = answers.get(0);
					assertThat(event.lines()).containsExactlyInAnyOrder(new StockReserved.Line(first, 5),
							new StockReserved.Line(second, 1));
					assertThat(available(first)).isZero();
					assertThat(available(second)).isEqualTo(1);
				});
	}

	@Test
	void reservesNothingWhenOneLineCannotBeServed(Scenario scenario) {

		var plenty = listed(10);
		var scarce = listed(1);
		var orderId = UUID.randomUUID();

		scenario.publish(new ReserveStock(UUID.randomUUID(), orderId,
				List.of(new ReserveStock.Line(plenty, 3), new ReserveStock.Line(scarce, 2))))
				.andWaitForStateChange(() -> answers(StockReservationFailed.class, orderId), it -> !it.isEmpty())
				.andVerify(answers -> {
					var event = answers.get(0);
					assertThat(event.reason()).contains(scarce).doesNotContain(plenty);
					assertThat(available(plenty)).isEqualTo(10);
					assertThat(available(scarce)).isEqualTo(1);
				});
	}

	@Test
	void failsReservationsForUnknownAndDelistedProducts(Scenario scenario) {

		var delisted = listed(5);
		catalog.delist(delisted);
		var unknown = uniqueSku();
		var orderId = UUID.randomUUID();

		scenario.publish(new ReserveStock(UUID.randomUUID(), orderId,
				List.of(new ReserveStock.Line(delisted, 1), new ReserveStock.Line(unknown, 1),
						new ReserveStock.Line("not a sku", 1))))
				.andWaitForStateChange(() -> answers(StockReservationFailed.class, orderId), it -> !it.isEmpty())
				.andVerify(answers -> {
					var event = answers.get(0);
					assertThat(event.reason()).contains(delisted, unknown, "not a sku");
				});
	}

	@Test
	void answersARedeliveredReserveStockOnlyOnce() {

		var sku = listed(10);
		var orderId = UUID.randomUUID();
		var command = new ReserveStock(UUID.randomUUID(), orderId, List.of(new ReserveStock.Line(sku, 4)));

		recorder.deliverTwice(command, orderId);

		assertThat(recorder.ofType(StockReserved.class, it -> it.orderId().equals(orderId))).hasSize(1);
		assertThat(available(sku)).isEqualTo(6);

		// two more deliveries change nothing either
		recorder.deliverTwice(command, orderId);

		assertThat(recorder.ofType(StockReserved.class, it -> it.orderId().equals(orderId))).hasSize(1);
		assertThat(available(sku)).isEqualTo(6);
	}

	@Test
	void releasesWhatIsHeldOnceHoweverOftenAsked() {

		var sku = listed(3);
		var orderId = UUID.randomUUID();

		recorder.deliverTwice(new ReserveStock(UUID.randomUUID(), orderId, List.of(new ReserveStock.Line(sku, 3))),
				orderId);
		assertThat(available(sku)).isZero();

		recorder.deliverTwice(new ReleaseStock(UUID.randomUUID(), orderId), orderId);

		assertThat(available(sku)).isEqualTo(3);
		assertThat(recorder.ofType(StockReleased.class, it -> it.orderId().equals(orderId))).hasSize(1);
	}

	@Test
	void aReleaseThatOvertakesItsReservationMakesTheReservationFail(Scenario scenario) {

		var sku = listed(3);
		var orderId = UUID.randomUUID();

		scenario.publish(new ReleaseStock(UUID.randomUUID(), orderId))
				.andWaitForStateChange(() -> answers(StockReleased.class, orderId), it -> !it.isEmpty())
				.andVerify(__ -> assertThat(available(sku)).as("nothing held, nothing returned").isEqualTo(3));

		scenario.publish(new ReserveStock(UUID.randomUUID(), orderId, List.of(new ReserveStock.Line(sku, 1))))
				.andWaitForStateChange(() -> answers(StockReservationFailed.class, orderId), it -> !it.isEmpty())
				.andVerify(answers -> {
					assertThat(answers).singleElement().extracting(StockReservationFailed::reason)
							.isEqualTo(Reservation.CANCELLED_FIRST);
					assertThat(available(sku)).isEqualTo(3);
					assertThat(outcome(orderId)).isEqualTo("FAILED");
				});
	}

	@Test
	void neverOversellsUnderConcurrentReservations() throws Exception {

		var sku = listed(10);
		var orderIds = IntStream.range(0, 40).mapToObj(it -> UUID.randomUUID()).toList();

		var pool = Executors.newFixedThreadPool(8);
		var published = orderIds.stream()
				.map(orderId -> pool.submit(() -> transactions.executeWithoutResult(status -> publisher.publishEvent(
						new ReserveStock(UUID.randomUUID(), orderId, List.of(new ReserveStock.Line(sku, 1)))))))
				.toList();
		for (var each : published) {
			each.get(30, TimeUnit.SECONDS);
		}
		pool.shutdown();

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(orderIds.stream()
				.filter(id -> outcome(id) != null)
				.count()).isEqualTo(orderIds.size()));

		var reserved = orderIds.stream()
				.filter(id -> "RESERVED".equals(outcome(id)))
				.count();

		assertThat(reserved).isEqualTo(10);
		assertThat(products.findById(new Sku(sku)).orElseThrow().reserved()).isEqualTo(10);
		assertThat(available(sku)).isZero();
	}

	@Test
	void refusesToDropStockBelowWhatIsReserved() {

		var sku = listed(2);
		var orderId = UUID.randomUUID();
		recorder.deliverTwice(new ReserveStock(UUID.randomUUID(), orderId, List.of(new ReserveStock.Line(sku, 2))),
				orderId);
		assertThat(available(sku)).isZero();

		assertThatExceptionOfType(CatalogExceptions.InsufficientStock.class)
				.isThrownBy(() -> catalog.adjustStock(sku, -1));
		assertThat(catalog.adjustStock(sku, 5).available()).isEqualTo(5);
	}

	@Test
	void storesWhatTheStockCommandsChange() {

		var sku = listed(5);
		var orderId = UUID.randomUUID();
		var listedVersion = productVersion(sku);

		recorder.deliverTwice(new ReserveStock(UUID.randomUUID(), orderId, List.of(new ReserveStock.Line(sku, 2))),
				orderId);

		assertThat(stock(sku)).containsExactly(5, 2, listedVersion + 1);
		assertThat(reservationRow(orderId)).containsExactly("RESERVED", null, false, 0L);
		assertThat(jdbc.sql("SELECT line_index, sku, quantity FROM catalog.reservation_lines WHERE order_id = :id")
				.param("id", orderId).query((row, n) -> List.of(row.getInt(1), row.getString(2), row.getInt(3)))
				.list()).containsExactly(List.of(0, sku, 2));

		recorder.deliverTwice(new ReleaseStock(UUID.randomUUID(), orderId), orderId);

		assertThat(stock(sku)).containsExactly(5, 0, listedVersion + 2);
		assertThat(reservationRow(orderId)).containsExactly("RESERVED", null, true, 1L);
		transactions.executeWithoutResult(status -> assertThat(reservations.findLockedById(orderId).orElseThrow()
				.lines()).containsExactly(new Reservation.HeldLine(sku, 2)));
	}

	@Test
	void aStockCommandFailsOnRowsChangedSinceTheyWereRead() {

		var sku = listed(5);
		var orderId = UUID.randomUUID();
		recorder.deliverTwice(new ReserveStock(UUID.randomUUID(), orderId, List.of(new ReserveStock.Line(sku, 2))),
				orderId);

		transactions.executeWithoutResult(status -> {
			status.setRollbackOnly();
			var reservation = reservations.findLockedById(orderId).orElseThrow();
			var locked = products.lockAll(reservation.heldSkus());
			jdbc.sql("UPDATE catalog.reservations SET version = version + 1 WHERE id = :id").param("id", orderId)
					.update();
			jdbc.sql("UPDATE catalog.products SET version = version + 1 WHERE sku = :sku").param("sku", sku).update();
			reservation.release(locked, Instant.now());

			assertThatExceptionOfType(OptimisticLockingFailureException.class)
					.isThrownBy(() -> reservations.saveState(reservation));
			assertThatExceptionOfType(OptimisticLockingFailureException.class)
					.isThrownBy(() -> products.saveStock(locked.values()));
		});

		assertThat(stock(sku)).as("rolled back").element(1).isEqualTo(2);
	}

	@Test
	void locksProductsAsTheRepositoryReadsThem() {

		var plain = listed(5);
		var full = uniqueSku();
		catalog.add(new Sku(full), "Teapot", "A teapot", "kitchen", euros("12.30"), 7);
		var orderId = UUID.randomUUID();
		recorder.deliver(new ReserveStock(UUID.randomUUID(), orderId, List.of(new ReserveStock.Line(full, 3))), orderId);
		catalog.delist(full);

		transactions.executeWithoutResult(status -> {
			var locked = products.lockAll(List.of(full, plain, uniqueSku()));

			assertThat(locked).containsOnlyKeys(full, plain);
			// every field, version and registered events included: the hand-written mapping leaves nothing out
			for (var sku : List.of(full, plain)) {
				assertThat(locked.get(sku)).usingRecursiveComparison()
						.isEqualTo(products.findById(new Sku(sku)).orElseThrow());
			}
			assertThat(locked.get(full).reserved()).isEqualTo(3);
			assertThat(locked.get(full).isListed()).isFalse();
		});
	}

	/**
	 * The catalog's answers about the order. Read from the recorder rather than with {@code andWaitForEventOfType}:
	 * Scenario only sees events of threads started during the test, and the listener threads outlive tests.
	 */
	private <T> List<T> answers(Class<T> type, UUID orderId) {
		return recorder.ofType(type, it -> orderId.equals(orderIdOf(it)));
	}

	private static UUID orderIdOf(Object answer) {
		if (answer instanceof StockReserved reserved) {
			return reserved.orderId();
		}
		if (answer instanceof StockReservationFailed failed) {
			return failed.orderId();
		}
		return answer instanceof StockReleased released ? released.orderId() : null;
	}

	private String listed(int stock) {

		var sku = uniqueSku();
		catalog.add(new Sku(sku), "Product " + sku, "", null, euros("1.00"), stock);

		return sku;
	}

	/** How the catalog answered the order's reservation request, as stored; {@code null} while unanswered. */
	private String outcome(UUID orderId) {
		return jdbc.sql("SELECT outcome FROM catalog.reservations WHERE id = :id").param("id", orderId)
				.query(String.class).optional().orElse(null);
	}

	/** on_hand, reserved and version of the product's row. */
	private List<Object> stock(String sku) {
		return jdbc.sql("SELECT on_hand, reserved, version FROM catalog.products WHERE sku = :sku").param("sku", sku)
				.query((row, n) -> List.<Object> of(row.getInt(1), row.getInt(2), row.getLong(3))).single();
	}

	private long productVersion(String sku) {
		return (Long) stock(sku).get(2);
	}

	/** outcome, failure_reason, released and version of the reservation's row. */
	private List<Object> reservationRow(UUID orderId) {
		return jdbc.sql("SELECT outcome, failure_reason, released, version FROM catalog.reservations WHERE id = :id")
				.param("id", orderId).query((row, n) -> Arrays.<Object> asList(row.getString(1), row.getString(2),
						row.getBoolean(3), row.getLong(4))).single();
	}

	private int available(String sku) {
		return products.findById(new Sku(sku)).orElseThrow().available();
	}

	static Money euros(String amount) {
		return new Money(new BigDecimal(amount), "EUR");
	}
}
