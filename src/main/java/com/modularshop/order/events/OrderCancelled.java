package com.modularshop.order.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.types.DomainEvent;

/**
 * The customer cancelled the order.
 */
public record OrderCancelled(UUID eventId, UUID orderId, UUID customerId, BigDecimal total, String currency,
		Instant cancelledAt) implements DomainEvent {}
