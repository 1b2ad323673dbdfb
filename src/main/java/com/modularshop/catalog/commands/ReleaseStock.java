package com.modularshop.catalog.commands;

import java.util.UUID;

import org.jmolecules.event.annotation.Externalized;

/**
 * Asks the catalog to give back whatever it holds, or will hold, for an order. Answered with {@code StockReleased}.
 */
@Externalized("shop.catalog.commands::#{orderId()}")
public record ReleaseStock(UUID eventId, UUID orderId) {}
