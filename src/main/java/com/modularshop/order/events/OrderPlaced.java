package com.modularshop.order.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;

/**
 * A customer placed an order; stock is not yet reserved.
 */
@Externalized("shop.order::#{orderId()}")
public record OrderPlaced(UUID eventId, UUID orderId, UUID customerId, List<OrderLine> lines, BigDecimal total,
		String currency, Instant placedAt) implements DomainEvent {}
