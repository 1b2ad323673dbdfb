package com.modularshop.catalog.events;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;

/**
 * Whatever was held for the order went back to available stock.
 */
public record StockReleased(UUID eventId, UUID orderId, Instant releasedAt) implements DomainEvent {}
