package com.modularshop.catalog.events;

import java.time.Instant;
import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;
import org.jmolecules.event.types.DomainEvent;

/**
 * A product is no longer for sale.
 */
@Externalized("shop.catalog::#{sku()}")
public record ProductDelisted(UUID eventId, String sku, Instant delistedAt) implements DomainEvent {}
