package com.modularshop.catalog;

import java.util.Collection;

/**
 * Saves what a stock command changes on products, and nothing else: a repository save would rewrite every column of
 * each product through Spring Data JDBC's aggregate machinery, which costs more CPU than the SQL itself.
 */
interface ProductStocks {

	/**
	 * Writes each product's reserved stock, checked against its version, and publishes the events its actions
	 * registered, as a repository save would.
	 *
	 * @throws org.springframework.dao.OptimisticLockingFailureException if a product changed since it was read
	 */
	void saveStock(Collection<Product> products);
}
