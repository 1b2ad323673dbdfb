package com.modularshop.catalog.commands;

import java.util.List;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;

/**
 * Asks the catalog to hold stock for every line of an order, all or nothing. Answered once per order id with
 * {@code StockReserved} or {@code StockReservationFailed}.
 */
@Externalized("shop.catalog.commands::#{orderId()}")
public record ReserveStock(UUID eventId, UUID orderId, List<Line> lines) {

	public record Line(String sku, int quantity) {}
}
