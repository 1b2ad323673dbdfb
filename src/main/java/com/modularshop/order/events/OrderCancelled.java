package com.modularshop.order.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;

/**
 * The customer cancelled the order.
 */
@Externalized("shop.order::#{orderId()}")
public record OrderCancelled(UUID eventId, UUID orderId, UUID customerId, BigDecimal total, String currency,
		Instant cancelledAt) implements DomainEvent {}
