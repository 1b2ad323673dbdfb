package com.modularshop.catalog;

import java.time.Clock;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.modularshop.catalog.commands.ReleaseStock;
import com.modularshop.catalog.commands.ReserveStock;

/**
 * The catalog's inbox for stock commands; the rule itself is {@link Reservation}'s. Each command runs in its
 * listener's own transaction, which first locks the order (an advisory lock, also before its reservation exists) and
 * its reservation row, then the products involved, in SKU order. The row locks serialise competing orders for the same products instead of letting them fail on a version
 * conflict, so no command is lost and nothing is oversold; locking in one order keeps them free of deadlocks.
 * <p>
 * The locked products are read, and only what a command changes is written, with plain SQL
 * ({@link ReservationStates}, {@link ProductStocks}): going through the repositories' aggregate mapping cost more CPU
 * per order than the SQL itself.
 */
@Component
class Inventory {

	private static final Logger LOG = LoggerFactory.getLogger(Inventory.class);

	private final Products products;
	private final Reservations reservations;
	private final Clock clock;

	Inventory(Products products, Reservations reservations, Clock clock) {
		this.products = products;
		this.reservations = reservations;
		this.clock = clock;
	}

	/**
	 * Reserves every line or none, and answers the order once, however often the command is delivered: a redelivery
	 * writes nothing, and only the products the reservation now holds are written.
	 */
	@ApplicationModuleListener
	void on(ReserveStock command) {

		var reservation = reservationOf(command.orderId());

		if (!reservation.isAnswered()) {
			var request = StockRequest.of(command);
			var locked = products.lockAll(request.skus());
			reservations.saveState(reservation.reserve(request, locked, clock.instant()));
			products.saveStock(reservation.heldSkus().stream().map(locked::get).toList());
			LOG.debug("{}", reservation);
		}
	}

	/** Returns what the order holds to stock, once; remembered when it arrives before the reservation request. */
	@ApplicationModuleListener
	void on(ReleaseStock command) {

		var reservation = reservationOf(command.orderId());

		if (!reservation.isReleased()) {
			var locked = products.lockAll(reservation.heldSkus());
			reservations.saveState(reservation.release(locked, clock.instant()));
			products.saveStock(locked.values());
		}
	}

	/**
	 * The order's reservation, locked for this transaction, or a new one for an order not seen yet. Locked before the
	 * products, by every command, so concurrent commands for one order wait for each other.
	 */
	private Reservation reservationOf(UUID orderId) {

		reservations.lockOrder(orderId);

		return reservations.findLockedById(orderId).orElseGet(() -> Reservation.forOrder(orderId));
	}
}
