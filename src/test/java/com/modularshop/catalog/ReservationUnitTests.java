package com.modularshop.catalog;

import static org.assertj.core.api.Assertions.*;
import static org.springframework.modulith.test.AggregateTestUtils.*;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.modularshop.catalog.Reservation.HeldLine;
import com.modularshop.catalog.commands.ReserveStock.Line;
import com.modularshop.catalog.events.StockReleased;
import com.modularshop.catalog.events.StockReservationFailed;
import com.modularshop.catalog.events.StockReserved;

/**
 * The all-or-nothing reservation rule, without Spring: the products are what the listener would have locked.
 */
class ReservationUnitTests {

	static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	UUID orderId = UUID.randomUUID();
	Reservation reservation = Reservation.forOrder(orderId);
	Product mug = product("MUG", 5);
	Product cup = product("CUP", 2);
	Map<String, Product> locked = Map.of("MUG", mug, "CUP", cup);

	@Test
	void reservesAllLinesWhenEveryProductHasEnough() {

		reservation.reserve(request(new Line("MUG", 5), new Line("CUP", 1)), locked, NOW);

		var reserved = single(StockReserved.class);
		assertThat(reserved.orderId()).isEqualTo(orderId);
		assertThat(reserved.reservedAt()).isEqualTo(NOW);
		assertThat(reserved.lines()).containsExactly(new StockReserved.Line("CUP", 1), new StockReserved.Line("MUG", 5));
		assertThat(reservation.held()).containsExactly(new HeldLine("CUP", 1), new HeldLine("MUG", 5));
		assertThat(mug.available()).isZero();
		assertThat(cup.available()).isEqualTo(1);
		assertThat(reservation.toString()).startsWith("Stock reserved for order " + orderId);
	}

	@Test
	void reservesNothingWhenOneLineCannotBeServed() {

		reservation.reserve(request(new Line("MUG", 1), new Line("CUP", 3)), locked, NOW);

		assertThat(single(StockReservationFailed.class).reason()).isEqualTo("Insufficient stock: CUP: 3 wanted, 2 available");
		assertThat(eventsOf(reservation).ofType(StockReserved.class)).isEmpty();
		assertThat(reservation.held()).isEmpty();
		assertThat(mug.available()).isEqualTo(5);
		assertThat(cup.available()).isEqualTo(2);
		assertThat(reservation.toString()).startsWith("No stock reserved for order " + orderId);
	}

	@Test
	void checksDuplicateLinesOfOneSkuTogether() {

		var request = request(new Line("CUP", 1), new Line("CUP", 1), new Line("CUP", 1));

		assertThat(request.quantities()).containsExactly(entry("CUP", 3));

		reservation.reserve(request, locked, NOW);

		assertThat(single(StockReservationFailed.class).reason()).contains("CUP: 3 wanted, 2 available");
		assertThat(cup.available()).isEqualTo(2);
	}

	@Test
	void reservesMergedDuplicateLinesAsOne() {

		reservation.reserve(request(new Line("MUG", 2), new Line("MUG", 3)), locked, NOW);

		assertThat(single(StockReserved.class).lines()).containsExactly(new StockReserved.Line("MUG", 5));
		assertThat(mug.available()).isZero();
	}

	@Test
	void failsForUnknownAndDelistedProducts() {

		mug.delist(NOW);

		reservation.reserve(request(new Line("MUG", 1), new Line("NONE", 1), new Line("CUP", 1)), locked, NOW);

		assertThat(single(StockReservationFailed.class).reason()).contains("MUG is not for sale", "NONE is not for sale")
				.doesNotContain("CUP");
		assertThat(cup.available()).isEqualTo(2);
	}

	@Test
	void failsWhenNothingIsAsked() {

		reservation.reserve(request(), Map.of(), NOW);

		assertThat(single(StockReservationFailed.class).reason()).contains("Nothing to reserve");
	}

	@Test
	void answersOnlyOnce() {

		reservation.reserve(request(new Line("MUG", 2)), locked, NOW);
		reservation.reserve(request(new Line("MUG", 2)), locked, NOW);

		assertThat(eventsOf(reservation).ofType(StockReserved.class)).hasSize(1);
		assertThat(eventsOf(reservation).ofType(StockReservationFailed.class)).isEmpty();
		assertThat(mug.available()).isEqualTo(3);
	}

	@Test
	void releaseGivesTheStockBackOnce() {

		reservation.reserve(request(new Line("MUG", 2), new Line("CUP", 2)), locked, NOW);
		assertThat(reservation.heldSkus()).containsExactly("CUP", "MUG");

		reservation.release(locked, NOW).release(locked, NOW);

		assertThat(mug.available()).isEqualTo(5);
		assertThat(cup.available()).isEqualTo(2);
		assertThat(reservation.held()).isEmpty();
		assertThat(single(StockReleased.class).releasedAt()).isEqualTo(NOW);
	}

	@Test
	void aReleaseBeforeTheReservationIsRememberedAndFailsIt() {

		reservation.release(Map.of(), NOW);
		reservation.reserve(request(new Line("MUG", 1)), locked, NOW);

		assertThat(single(StockReleased.class).orderId()).isEqualTo(orderId);
		assertThat(single(StockReservationFailed.class).reason()).isEqualTo(Reservation.CANCELLED_FIRST);
		assertThat(reservation.held()).isEmpty();
		assertThat(mug.available()).isEqualTo(5);
	}

	@Test
	void aFailedReservationHasNothingToRelease() {

		reservation.reserve(request(new Line("MUG", 6)), locked, NOW);
		reservation.release(locked, NOW);

		assertThat(reservation.heldSkus()).isEmpty();
		assertThat(mug.available()).isEqualTo(5);
		assertThat(eventsOf(reservation).ofType(StockReleased.class)).hasSize(1);
	}

	private <T> T single(Class<T> type) {

		var events = eventsOf(reservation).ofType(type);

		assertThat(events).hasSize(1);

		return events.iterator().next();
	}

	private static StockRequest request(Line... lines) {
		return StockRequest.of(List.of(lines));
	}

	private static Product product(String sku, int stock) {
		return Product.listForSale(new Sku(sku), sku, "", null, ProductUnitTests.euros("1.00"), stock, NOW);
	}
}
