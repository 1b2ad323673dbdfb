package com.modularshop.catalog;

/**
 * The catalog module's domain errors; {@link CatalogProblems} maps each to a problem detail.
 */
final class CatalogExceptions {

	private CatalogExceptions() {}

	static class ProductNotFound extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ProductNotFound(String sku) {
			super("No product with SKU %s".formatted(sku));
		}
	}

	static class SkuAlreadyTaken extends RuntimeException {

		private static final long serialVersionUID = 1L;

		SkuAlreadyTaken(Sku sku) {
			super("A product with SKU %s already exists".formatted(sku));
		}
	}

	static class CurrencyNotSupported extends RuntimeException {

		private static final long serialVersionUID = 1L;

		CurrencyNotSupported(String currency, String shopCurrency) {
			super("The shop sells in %s only, not in %s".formatted(shopCurrency, currency));
		}
	}

	static class InsufficientStock extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InsufficientStock(Sku sku, int onHand, int reserved, int delta) {
			super("Cannot change stock of %s by %d: %d on hand, %d of them reserved"
					.formatted(sku, delta, onHand, reserved));
		}
	}

	static class ProductNotListed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ProductNotListed(Sku sku) {
			super("Product %s is delisted".formatted(sku));
		}
	}
}
