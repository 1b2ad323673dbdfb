package com.modularshop.catalog.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;
import org.jspecify.annotations.Nullable;

/**
 * A product's descriptive data or price changed; carries the full current state.
 */
@Externalized("shop.catalog::#{sku()}")
public record ProductUpdated(UUID eventId, String sku, String name, @Nullable String description,
		@Nullable String category, BigDecimal price, String currency, Instant updatedAt) implements DomainEvent {}
