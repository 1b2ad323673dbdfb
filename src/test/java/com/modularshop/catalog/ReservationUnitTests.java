package com.modularshop.catalog;

import static org.assertj.core.api.Assertions.*;
import static org.springframework.modulith.test.AggregateTestUtils.*;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.modularshop.catalog.Reservation.HeldLine;
import com.modularshop.catalog.Reservation.ReservationId;
import com.modularshop.catalog.events.StockReleased;
import com.modularshop.catalog.events.StockReservationFailed;
import com.modularshop.catalog.events.StockReserved;

class ReservationUnitTests {

	UUID orderId = UUID.randomUUID();
	Reservation reservation = new Reservation(new ReservationId(orderId), null, null, false, List.of(), 0L);

	@Test
	void holdsLinesAndAnswersOnlyOnce() {

		reservation.hold(List.of(new HeldLine("A", 2)));

		var reserved = eventsOf(reservation).ofType(StockReserved.class).iterator().next();
		assertThat(reserved.orderId()).isEqualTo(orderId);
		assertThat(reserved.lines()).containsExactly(new StockReserved.Line("A", 2));
		assertThat(reservation.held()).containsExactly(new HeldLine("A", 2));
		assertThatIllegalStateException().isThrownBy(() -> reservation.fail("late"));
	}

	@Test
	void aFailedReservationHoldsNothing() {

		reservation.fail("Insufficient stock");

		assertThat(eventsOf(reservation).ofType(StockReservationFailed.class).iterator().next().reason())
				.isEqualTo("Insufficient stock");
		assertThat(reservation.held()).isEmpty();
	}

	@Test
	void releasingGivesEverythingBackOnce() {

		reservation.hold(List.of(new HeldLine("A", 2))).release();

		assertThat(reservation.held()).isEmpty();
		assertThat(eventsOf(reservation).ofType(StockReleased.class)).hasSize(1);
		assertThatIllegalStateException().isThrownBy(reservation::release);
	}
}
