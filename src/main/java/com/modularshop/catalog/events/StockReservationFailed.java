package com.modularshop.catalog.events;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;

/**
 * Nothing was reserved for the order; {@code reason} is meant for people.
 */
@Externalized("shop.catalog::#{orderId()}")
public record StockReservationFailed(UUID eventId, UUID orderId, String reason, Instant failedAt)
		implements DomainEvent {}
