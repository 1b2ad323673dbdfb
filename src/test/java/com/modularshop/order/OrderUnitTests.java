package com.modularshop.order;

import static org.assertj.core.api.Assertions.*;
import static org.springframework.modulith.test.AggregateTestUtils.*;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.modularshop.catalog.commands.ReleaseStock;
import com.modularshop.catalog.commands.ReserveStock;
import com.modularshop.order.Order.Status;
import com.modularshop.order.OrderExceptions.OrderNotCancellable;
import com.modularshop.order.OrderExceptions.OrderStillOpen;
import com.modularshop.order.OrderExceptions.StockReleasedAlready;
import com.modularshop.order.events.OrderCancelled;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderPlaced;
import com.modularshop.order.events.OrderRejected;

class OrderUnitTests {

	static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	UUID customer = UUID.randomUUID();
	Order order = Order.place(customer, List.of(new Line("A", "Apple", 3, euros("0.50")),
			new Line("B", "Bread", 1, euros("2.20"))), NOW);

	@Test
	void placingPricesTheLinesAndAsksForStock() {

		assertThat(order.status()).isEqualTo(Status.PLACED);
		assertThat(order.total()).isEqualTo(euros("3.70"));

		var placed = eventsOf(order).ofType(OrderPlaced.class).iterator().next();
		assertThat(placed.total()).isEqualByComparingTo("3.70");
		assertThat(placed.lines()).extracting(it -> it.lineTotal().toPlainString()).containsExactly("1.50", "2.20");

		var reserve = eventsOf(order).ofType(ReserveStock.class).iterator().next();
		assertThat(reserve.orderId()).isEqualTo(order.getId().id());
		assertThat(reserve.lines()).containsExactly(new ReserveStock.Line("A", 3), new ReserveStock.Line("B", 1));
	}

	@Test
	void confirmsOnceWhenStockIsReserved() {

		order.confirm(NOW).confirm(NOW).reject("late", NOW);

		assertThat(order.status()).isEqualTo(Status.CONFIRMED);
		assertThat(eventsOf(order).ofType(OrderConfirmed.class)).hasSize(1);
		assertThat(eventsOf(order).ofType(OrderRejected.class)).isEmpty();
	}

	@Test
	void rejectsOnceWhenTheReservationFails() {

		order.reject("Insufficient stock", NOW).reject("again", NOW).confirm(NOW);

		assertThat(order.status()).isEqualTo(Status.REJECTED);
		assertThat(order.rejectionReason()).isEqualTo("Insufficient stock");
		assertThat(eventsOf(order).ofType(OrderRejected.class)).hasSize(1);
		assertThatExceptionOfType(OrderNotCancellable.class).isThrownBy(() -> order.cancel(NOW));
	}

	@Test
	void cancellingReleasesStockOnceAndALateReservationChangesNothing() {

		order.cancel(NOW);

		assertThat(eventsOf(order).ofType(OrderCancelled.class)).hasSize(1);
		assertThat(eventsOf(order).ofType(ReleaseStock.class)).hasSize(1);
		order.stateSaved();

		// the cancellation's ReleaseStock releases a reservation the catalog makes later, or makes it fail
		assertThat(order.confirm(NOW).confirm(NOW).hasChanged()).isFalse();
		assertThat(order.status()).isEqualTo(Status.CANCELLED);
		assertThat(eventsOf(order).ofType(ReleaseStock.class)).isEmpty();
		assertThat(eventsOf(order).ofType(OrderConfirmed.class)).isEmpty();
		assertThatExceptionOfType(OrderNotCancellable.class).isThrownBy(() -> order.cancel(NOW));
	}

	@Test
	void aConfirmedOrderCanBeCancelled() {

		order.confirm(NOW).cancel(NOW);

		assertThat(order.status()).isEqualTo(Status.CANCELLED);
		assertThat(eventsOf(order).ofType(ReleaseStock.class)).hasSize(1);
	}

	@Test
	void awaitsTheCatalogsConfirmationOfEveryRequestedRelease() {

		assertThat(order.stockRelease().awaited()).isFalse();
		order.stateSaved();
		assertThat(order.recordStockRelease(NOW).hasChanged()).isFalse();

		order.confirm(NOW).cancel(NOW);
		assertThat(order.stockRelease()).isEqualTo(new StockRelease(NOW, null));

		order.recordStockRelease(Instant.EPOCH).recordStockRelease(NOW);
		assertThat(order.stockRelease().awaited()).isFalse();
		assertThat(order.stockRelease().confirmedAt()).isEqualTo(Instant.EPOCH);
	}

	@Test
	void releasesStockAgainOnlyForAClosedOrderWhoseReleaseIsNotConfirmed() {

		assertThatExceptionOfType(OrderStillOpen.class).isThrownBy(() -> order.releaseStockAgain(NOW));
		order.confirm(NOW);
		assertThatExceptionOfType(OrderStillOpen.class).isThrownBy(() -> order.releaseStockAgain(NOW));

		order.cancel(NOW).releaseStockAgain(NOW).releaseStockAgain(NOW);
		assertThat(eventsOf(order).ofType(ReleaseStock.class)).hasSize(3);

		order.recordStockRelease(NOW);
		assertThatExceptionOfType(StockReleasedAlready.class).isThrownBy(() -> order.releaseStockAgain(NOW));
	}

	@Test
	void aTimedOutOrderIsRejectedAndAsksForItsStockBack() {

		order.rejectOverdue(NOW).rejectOverdue(NOW);

		assertThat(order.status()).isEqualTo(Status.REJECTED);
		assertThat(order.rejectionReason()).isEqualTo(Order.TIMEOUT);
		assertThat(eventsOf(order).ofType(ReleaseStock.class)).hasSize(1);
		assertThat(order.stockRelease().awaited()).isTrue();
	}

	@Test
	void aSavedStateHandsOverItsEventsOnceAndCountsTheVersion() {

		order.stateSaved();
		var version = order.version();
		order.confirm(NOW);

		assertThat(order.hasChanged()).isTrue();
		assertThat(order.stateSaved()).singleElement().isInstanceOf(OrderConfirmed.class);
		assertThat(order.version()).isEqualTo(version + 1);
		assertThat(order.hasChanged()).isFalse();
		assertThat(eventsOf(order).ofType(OrderConfirmed.class)).isEmpty();
	}

	@Test
	void fingerprintsTheRequestWhateverTheOrderOfItsLines() {

		var request = RequestFingerprint.of(List.of(new OrderManagement.Requested("A", 1),
				new OrderManagement.Requested("B", 2)));

		assertThat(RequestFingerprint.of(List.of(new OrderManagement.Requested("B", 2),
				new OrderManagement.Requested("A", 1)))).isEqualTo(request);
		assertThat(RequestFingerprint.of(List.of(new OrderManagement.Requested("A", 2),
				new OrderManagement.Requested("B", 1)))).isNotEqualTo(request);
		// an SKU containing the separators cannot pass for two lines
		assertThat(RequestFingerprint.of(List.of(new OrderManagement.Requested("A", 1)))).isNotEqualTo(
				RequestFingerprint.of(List.of(new OrderManagement.Requested("Ax1;1:B", 2))));
	}

	@Test
	void refusesEmptyOrdersAndLinesWithoutQuantity() {

		assertThatIllegalArgumentException().isThrownBy(() -> Order.place(customer, List.of(), NOW));
		assertThatIllegalArgumentException().isThrownBy(() -> new Line("A", "Apple", 0, euros("1")));
	}

	static Money euros(String amount) {
		return new Money(new BigDecimal(amount), "EUR");
	}
}
