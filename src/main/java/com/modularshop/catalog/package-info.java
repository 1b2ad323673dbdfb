/**
 * Products, prices, categories and stock. A leaf module: it reserves and releases stock when asked through its
 * {@link com.modularshop.catalog.commands} inbox and answers with {@link com.modularshop.catalog.events}.
 * <p>
 * Stock is reserved in {@link com.modularshop.catalog.Reservation}: {@code reserve} holds every line of a
 * {@link com.modularshop.catalog.StockRequest} or none and answers the order once, {@code release} gives it back once.
 * {@link com.modularshop.catalog.Inventory} only receives the commands, locks the rows the rule works on and writes
 * what it changed through the repositories' plain-SQL fragments ({@code ReservationStates}, {@code ProductStocks}).
 */
@ApplicationModule(displayName = "Catalog", allowedDependencies = {})
@NullMarked
package com.modularshop.catalog;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
