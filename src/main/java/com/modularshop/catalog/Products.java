package com.modularshop.catalog;

import java.util.Optional;

import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.CrudRepository;

/**
 * Products are listed and changed by {@link #save}; what a stock command reads and changes goes through
 * {@link ProductStocks}.
 */
interface Products extends CrudRepository<Product, Sku>, ProductStocks {

	/** The product, its row locked until the surrounding transaction ends. */
	@Lock(LockMode.PESSIMISTIC_WRITE)
	Optional<Product> findLockedBySku(Sku sku);
}
