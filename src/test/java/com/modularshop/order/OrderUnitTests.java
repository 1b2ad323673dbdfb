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
import com.modularshop.order.Order.Line;
import com.modularshop.order.Order.Status;
import com.modularshop.order.OrderExceptions.OrderNotCancellable;
import com.modularshop.order.OrderExceptions.OrderStillOpen;
import com.modularshop.order.OrderExceptions.StockReleasedAlready;
import com.modularshop.order.events.OrderCancelled;
import com.modularshop.order.events.OrderConfirmed;
import com.modularshop.order.events.OrderPlaced;
import com.modularshop.order.events.OrderRejected;

class OrderUnitTests {

	UUID customer = UUID.randomUUID();
	Order order = Order.place(customer, List.of(new Line("A", "Apple", 3, euros("0.50")),
			new Line("B", "Bread", 1, euros("2.20"))), null, "fingerprint");

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

		order.stockReserved().stockReserved().stockReservationFailed("late");

		assertThat(order.status()).isEqualTo(Status.CONFIRMED);
		assertThat(eventsOf(order).ofType(OrderConfirmed.class)).hasSize(1);
		assertThat(eventsOf(order).ofType(OrderRejected.class)).isEmpty();
	}

	@Test
	void rejectsOnceWhenTheReservationFails() {

		order.stockReservationFailed("Insufficient stock").stockReservationFailed("again").stockReserved();

		assertThat(order.status()).isEqualTo(Status.REJECTED);
		assertThat(order.rejectionReason()).isEqualTo("Insufficient stock");
		assertThat(eventsOf(order).ofType(OrderRejected.class)).hasSize(1);
		assertThatExceptionOfType(OrderNotCancellable.class).isThrownBy(order::cancel);
	}

	@Test
	void cancellingReleasesStockAndALateReservationIsReleasedOnce() {

		order.cancel();

		assertThat(eventsOf(order).ofType(OrderCancelled.class)).hasSize(1);
		assertThat(eventsOf(order).ofType(ReleaseStock.class)).hasSize(1);

		order.stockReserved().stockReserved();

		assertThat(order.status()).isEqualTo(Status.CANCELLED);
		assertThat(eventsOf(order).ofType(ReleaseStock.class)).hasSize(2);
		assertThat(eventsOf(order).ofType(OrderConfirmed.class)).isEmpty();
		assertThatExceptionOfType(OrderNotCancellable.class).isThrownBy(order::cancel);
	}

	@Test
	void aConfirmedOrderCanBeCancelled() {

		order.stockReserved().cancel();

		assertThat(order.status()).isEqualTo(Status.CANCELLED);
		assertThat(eventsOf(order).ofType(ReleaseStock.class)).hasSize(1);
	}

	@Test
	void awaitsTheCatalogsConfirmationOfEveryRequestedRelease() {

		assertThat(order.awaitsStockRelease()).isFalse();

		order.stockReserved().cancel();
		assertThat(order.awaitsStockRelease()).isTrue();

		order.stockReleased(Instant.EPOCH).stockReleased(Instant.now());
		assertThat(order.awaitsStockRelease()).isFalse();
		assertThat(order.stockReleasedAt()).isEqualTo(Instant.EPOCH);
	}

	@Test
	void releasesStockAgainOnlyForAClosedOrderWhoseReleaseIsNotConfirmed() {

		assertThatExceptionOfType(OrderStillOpen.class).isThrownBy(order::releaseStockAgain);
		order.stockReserved();
		assertThatExceptionOfType(OrderStillOpen.class).isThrownBy(order::releaseStockAgain);

		order.cancel().releaseStockAgain().releaseStockAgain();
		assertThat(eventsOf(order).ofType(ReleaseStock.class)).hasSize(3);

		order.stockReleased(Instant.now());
		assertThatExceptionOfType(StockReleasedAlready.class).isThrownBy(order::releaseStockAgain);
	}

	@Test
	void aTimedOutOrderIsRejectedAndAsksForItsStockBack() {

		order.timedOut().timedOut();

		assertThat(order.status()).isEqualTo(Status.REJECTED);
		assertThat(order.rejectionReason()).isEqualTo(Order.TIMEOUT);
		assertThat(eventsOf(order).ofType(ReleaseStock.class)).hasSize(1);
		assertThat(order.awaitsStockRelease()).isTrue();
	}

	@Test
	void refusesEmptyOrdersAndLinesWithoutQuantity() {

		assertThatIllegalArgumentException().isThrownBy(() -> Order.place(customer, List.of(), null, ""));
		assertThatIllegalArgumentException().isThrownBy(() -> new Line("A", "Apple", 0, euros("1")));
	}

	static Money euros(String amount) {
		return new Money(new BigDecimal(amount), "EUR");
	}
}
