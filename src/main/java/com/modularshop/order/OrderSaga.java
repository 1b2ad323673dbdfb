package com.modularshop.order;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import com.modularshop.catalog.events.StockReleased;
import com.modularshop.catalog.events.StockReservationFailed;
import com.modularshop.catalog.events.StockReserved;

/**
 * The order side of the saga: turns the catalog's answers into order state. Each answer locks its order and lets
 * the order decide from its status whether there is anything to do, so a redelivered answer changes nothing and an
 * answer for an order that does not exist here is ignored.
 */
@Component
class OrderSaga {

	private final OrderManagement management;

	OrderSaga(OrderManagement management) {
		this.management = management;
	}

	@ApplicationModuleListener
	void on(StockReserved event) {
		management.advance(event.orderId(), Order::confirm);
	}

	@ApplicationModuleListener
	void on(StockReservationFailed event) {
		management.advance(event.orderId(), (order, now) -> order.reject(event.reason(), now));
	}

	/** Recorded, so that an administrator sees which cancelled or rejected orders may still hold stock. */
	@ApplicationModuleListener
	void on(StockReleased event) {
		management.advance(event.orderId(), (order, now) -> order.recordStockRelease(event.releasedAt()));
	}
}
