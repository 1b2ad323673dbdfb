/**
 * Orders and the order saga. Orchestrates stock reservation by sending catalog commands and reacting to catalog
 * events; keeps its own read models of products and customers fed by their events.
 */
@ApplicationModule(displayName = "Ordering",
		allowedDependencies = { "user :: events", "catalog :: events", "catalog :: commands" })
@NullMarked
package com.modularshop.order;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
