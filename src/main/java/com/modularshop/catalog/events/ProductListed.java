package com.modularshop.catalog.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;

/**
 * A product became available for sale at the given price.
 */
@Externalized("shop.catalog::#{sku()}")
public record ProductListed(UUID eventId, String sku, String name, String description, String category,
		BigDecimal price, String currency, Instant listedAt) implements DomainEvent {}
