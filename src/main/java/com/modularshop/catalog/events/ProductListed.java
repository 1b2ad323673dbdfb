package com.modularshop.catalog.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;
import org.jspecify.annotations.Nullable;

/**
 * A product became available for sale at the given price.
 */
@Externalized("shop.catalog::#{sku()}")
public record ProductListed(UUID eventId, String sku, String name, @Nullable String description,
		@Nullable String category, BigDecimal price, String currency, Instant listedAt) implements DomainEvent {}
