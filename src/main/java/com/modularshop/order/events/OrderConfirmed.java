package com.modularshop.order.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;

/**
 * Stock is reserved for every line: the order will be fulfilled.
 */
@Externalized("shop.order::#{orderId()}")
public record OrderConfirmed(UUID eventId, UUID orderId, UUID customerId, List<OrderLine> lines, BigDecimal total,
		String currency, Instant confirmedAt) implements DomainEvent {}
