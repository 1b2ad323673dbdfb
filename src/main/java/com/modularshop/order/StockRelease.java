package com.modularshop.order;

import java.time.Instant;

import org.jmolecules.ddd.types.ValueObject;
import org.jspecify.annotations.Nullable;

/**
 * When the catalog was last asked to release an order's stock, and when it confirmed that it holds nothing for the
 * order any more (and never will: a reservation request arriving after a release fails). Asked and unconfirmed means
 * the catalog may still hold stock, e.g. after the {@code ReleaseStock} ended as a dead letter.
 */
record StockRelease(@Nullable Instant requestedAt, @Nullable Instant confirmedAt) implements ValueObject {

	static final StockRelease NONE = new StockRelease(null, null);

	StockRelease requested(Instant at) {
		return new StockRelease(at, confirmedAt);
	}

	StockRelease confirmed(Instant at) {
		return new StockRelease(requestedAt, at);
	}

	boolean awaited() {
		return requestedAt != null && confirmedAt == null;
	}

	boolean done() {
		return confirmedAt != null;
	}
}
