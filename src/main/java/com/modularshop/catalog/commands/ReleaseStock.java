package com.modularshop.catalog.commands;

import java.util.UUID;

/**
 * Asks the catalog to give back whatever it holds, or will hold, for an order. Answered with {@code StockReleased}.
 */
public record ReleaseStock(UUID eventId, UUID orderId) {}
