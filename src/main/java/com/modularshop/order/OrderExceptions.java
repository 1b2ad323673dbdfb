package com.modularshop.order;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import com.modularshop.order.Order.OrderId;
import com.modularshop.order.Order.Status;

/**
 * The order module's domain errors; {@link OrderProblems} maps each to a problem detail.
 */
final class OrderExceptions {

	private OrderExceptions() {}

	static class OrderNotFound extends RuntimeException {

		private static final long serialVersionUID = 1L;

		OrderNotFound(UUID id) {
			super("No order %s".formatted(id));
		}
	}

	static class OrderNotCancellable extends RuntimeException {

		private static final long serialVersionUID = 1L;

		OrderNotCancellable(OrderId id, Status status) {
			super("Order %s is %s and can no longer be cancelled".formatted(id.id(), status));
		}
	}

	static class ProductsNotForSale extends RuntimeException {

		private static final long serialVersionUID = 1L;
		private final Collection<String> skus;

		ProductsNotForSale(Collection<String> skus) {
			super("Not for sale: %s".formatted(String.join(", ", skus)));
			this.skus = skus;
		}

		Collection<String> skus() {
			return skus;
		}
	}

	/**
	 * The order module's copy of the catalog prices the lines in different currencies: it happens for products not yet
	 * re-priced after {@code shop.catalog.currency} changed. Totals never add up different currencies.
	 */
	static class MixedCurrencies extends RuntimeException {

		private static final long serialVersionUID = 1L;
		private final Map<String, String> currencies;

		MixedCurrencies(Map<String, String> currencies) {
			super(("The products are priced in different currencies (%s); order them separately or once the catalog has "
					+ "re-priced them").formatted(String.join(", ", new TreeSet<>(currencies.values()))));
			this.currencies = currencies;
		}

		/** The currency of each SKU. */
		Map<String, String> currencies() {
			return currencies;
		}
	}

	static class CustomerDeactivated extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CustomerDeactivated(UUID customerId) {
			super("Customer %s is deactivated and cannot place orders".formatted(customerId));
		}
	}

	static class IdempotencyKeyReused extends RuntimeException {

		private static final long serialVersionUID = 1L;

		IdempotencyKeyReused(String key) {
			super("Idempotency key '%s' was already used for a different order".formatted(key));
		}
	}

	static class InvalidIdempotencyKey extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InvalidIdempotencyKey(int maxLength) {
			super("An Idempotency-Key has 1 to %d characters".formatted(maxLength));
		}
	}

	static class OrderStillOpen extends RuntimeException {

		private static final long serialVersionUID = 1L;

		OrderStillOpen(OrderId id, Status status) {
			super("Order %s is %s: only the stock of a cancelled or rejected order is released".formatted(id.id(),
					status));
		}
	}

	static class StockReleasedAlready extends RuntimeException {

		private static final long serialVersionUID = 1L;

		StockReleasedAlready(OrderId id, Instant at) {
			super("The catalog confirmed at %s that it holds no stock for order %s".formatted(at, id.id()));
		}
	}
}
