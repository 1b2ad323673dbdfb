package com.modularshop.catalog.events;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;

/**
 * Whatever was held for the order went back to available stock.
 */
@Externalized("shop.catalog::#{orderId()}")
public record StockReleased(UUID eventId, UUID orderId, Instant releasedAt) implements DomainEvent {}
