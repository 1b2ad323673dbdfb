package com.modularshop.order.events;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;

/**
 * The order could not be fulfilled; {@code reason} is meant for the customer.
 */
@Externalized("shop.order::#{orderId()}")
public record OrderRejected(UUID eventId, UUID orderId, UUID customerId, String reason, Instant rejectedAt)
		implements DomainEvent {}
