package com.modularshop.catalog.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;

/**
 * All lines of an order's reservation request are now held for it.
 */
@Externalized("shop.catalog::#{orderId()}")
public record StockReserved(UUID eventId, UUID orderId, List<Line> lines, Instant reservedAt) implements DomainEvent {

	public record Line(String sku, int quantity) {}
}
