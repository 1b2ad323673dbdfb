package com.modularshop.catalog;

import java.util.Collection;
import java.util.Map;

/**
 * Reads and saves what a stock command needs of products, and nothing else: through Spring Data JDBC's aggregate
 * machinery, mapping the locked products took about seven times the CPU of the JDBC calls that read them, and a save
 * would rewrite every column of each product.
 */
interface ProductStocks {

	/**
	 * The products with the given SKUs by SKU code, their rows locked until the surrounding transaction ends; SKUs
	 * without a product are left out. Locked in SKU order, so that two reservations of the same products wait for each
	 * other instead of deadlocking.
	 */
	Map<String, Product> lockAll(Collection<String> skus);

	/**
	 * Writes each product's reserved stock, checked against its version, and publishes the events its actions
	 * registered, as a repository save would.
	 *
	 * @throws org.springframework.dao.OptimisticLockingFailureException if a product changed since it was read
	 */
	void saveStock(Collection<Product> products);
}
